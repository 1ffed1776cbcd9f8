package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras' Huber values, and a gradient that matches finite differences of the loss. */
class HuberLossTest {
    private final HuberLoss huber = new HuberLoss(1.0);
    private final IActivation identity = Activation.IDENTITY.getActivationFunction();

    @Test
    void quadraticNearTheTargetLinearFarFromIt() {
        INDArray labels = Nd4j.create(new double[][] {{0, 0}, {1, 3}}).castTo(DataType.DOUBLE);
        INDArray predicted = Nd4j.create(new double[][] {{0.5, -0.2}, {4, 3}}).castTo(DataType.DOUBLE);
        INDArray scores = huber.computeScoreArray(labels, predicted, identity, null);
        // row 0: (0.5*0.25 + 0.5*0.04) / 2; row 1: (1*(3 - 0.5) + 0) / 2
        assertEquals((0.125 + 0.02) / 2, scores.getDouble(0), 1e-12);
        assertEquals(2.5 / 2, scores.getDouble(1), 1e-12);
        assertEquals((0.0725 + 1.25) / 2, huber.computeScore(labels, predicted, identity, null, true), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray labels = Nd4j.create(new double[][] {{0.3, -1.0, 2.0}}).castTo(DataType.DOUBLE);
        INDArray pre = Nd4j.create(new double[][] {{0.1, 0.8, -0.5}}).castTo(DataType.DOUBLE);
        IActivation tanh = Activation.TANH.getActivationFunction();
        INDArray gradient = huber.computeGradient(labels, pre, tanh, null);
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            INDArray up = pre.dup();
            up.putScalar(i, pre.getDouble(i) + h);
            INDArray down = pre.dup();
            down.putScalar(i, pre.getDouble(i) - h);
            double numeric = (huber.computeScore(labels, up, tanh, null, false)
                    - huber.computeScore(labels, down, tanh, null, false)) / (2 * h);
            assertEquals(numeric, gradient.getDouble(i), 1e-6, "output " + i);
        }
    }
}
