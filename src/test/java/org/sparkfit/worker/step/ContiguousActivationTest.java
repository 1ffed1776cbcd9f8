package org.sparkfit.worker.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A ReLU over a convolution's permuted output, in memory order, gives what DL4J's ReLU gives over the view; its
 * derivative over a dense layer's row-major pre-activation (in Java) gives what DL4J's gives, for any gradient layout.
 */
class ContiguousActivationTest {
    @Test
    void reluOverAPermutedViewInMemoryOrderEqualsDl4jsOverTheView() {
        Nd4j.getRandom().setSeed(9);
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, 2 * 5 * 5, 4).subi(0.5).reshape('c', 2, 5, 5, 4);
        INDArray nchw = nhwc.permute(0, 3, 1, 2);
        assertNotEquals(1, nchw.elementWiseStride(), "a strided view, as a convolution returns");
        INDArray expected = new ActivationReLU().getActivation(nchw.dup(), true);

        INDArray activated = new ContiguousActivation(new ActivationReLU()).getActivation(nchw, true);

        assertSame(nchw, activated, "in place, as DL4J's ReLU");
        assertEquals(expected, activated);
        assertEquals(0.0, activated.minNumber().doubleValue());
    }

    @Test
    void aDenseArrayTakesDl4jsReluAsItIs() {
        INDArray values = Nd4j.createFromArray(-1f, 2f, -3f, 4f);
        INDArray activated = new ContiguousActivation(new ActivationReLU()).getActivation(values, true);
        assertEquals(Nd4j.createFromArray(0f, 2f, 0f, 4f), activated);
    }

    @Test
    void theDerivativeOverRowMajorArraysEqualsDl4jsWhateverTheGradientsLayout() {
        Nd4j.getRandom().setSeed(10);
        INDArray in = Nd4j.rand(DataType.FLOAT, 6, 7).subi(0.5);
        in.putScalar(0, 0, 0f);
        in.putScalar(1, 1, -0f);
        for (char order : new char[] {'c', 'f'}) {
            INDArray epsilon = Nd4j.rand(DataType.FLOAT, 6, 7).subi(0.5).dup(order);
            INDArray expected = new ActivationReLU().backprop(in.dup(), epsilon.dup(order)).getFirst();

            INDArray gradient = new ContiguousActivation(new ActivationReLU()).backprop(in.dup(), epsilon).getFirst();

            assertEquals(expected, gradient, "gradient laid out " + order);
            assertEquals(0.0, gradient.getDouble(0, 0), "no gradient where the input is 0");
        }
    }
}
