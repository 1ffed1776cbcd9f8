package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkfit.worker.step.LocalStep;
import org.sparkfit.worker.step.TrainingShortcuts;

/**
 * Arrays get from the shared provider the shape information ND4J makes for them, one buffer per description and a
 * Java copy of their own; training through it equals training with ND4J's own provider to the bit (a dense network
 * and a convolutional one, whose views, permutes and reshapes take most descriptions); past its limit it makes them
 * as ND4J does; installing it puts it in front of ND4J's once.
 */
class SharedShapeInfoTest {
    private static final ShapeInfoProvider ND4J = SharedShapeInfo.nd4js();

    /** shape, stride, element-wise stride, order, type, empty. */
    private record Description(long[] shape, long[] stride, long ews, char order, DataType type, boolean empty) {
        Pair<DataBuffer, long[]> from(ShapeInfoProvider provider) {
            return provider.createShapeInformation(shape.clone(), stride.clone(), ews, order, type, empty);
        }

        long[] nd4jMakes() {
            return Shape.createShapeInformation(shape, stride, ews, order, type, empty).asLong();
        }
    }

    /** A description, then others that each differ from it in one thing, then a few more of other ranks. */
    private static final List<Description> DESCRIPTIONS = List.of(
            new Description(new long[] {3, 4}, new long[] {4, 1}, 1, 'c', DataType.FLOAT, false),
            new Description(new long[] {4, 3}, new long[] {4, 1}, 1, 'c', DataType.FLOAT, false),
            new Description(new long[] {3, 4}, new long[] {8, 1}, 1, 'c', DataType.FLOAT, false),
            new Description(new long[] {3, 4}, new long[] {4, 1}, 0, 'c', DataType.FLOAT, false),
            new Description(new long[] {3, 4}, new long[] {4, 1}, 1, 'f', DataType.FLOAT, false),
            new Description(new long[] {3, 4}, new long[] {4, 1}, 1, 'c', DataType.DOUBLE, false),
            new Description(new long[] {3, 4}, new long[] {4, 1}, 1, 'c', DataType.FLOAT, true),
            new Description(new long[] {0, 4}, new long[] {4, 1}, 1, 'c', DataType.FLOAT, false),
            new Description(new long[] {5}, new long[] {1}, 1, 'c', DataType.INT, false),
            new Description(new long[] {2, 3, 4, 5}, new long[] {60, 20, 5, 1}, 1, 'c', DataType.FLOAT, false),
            new Description(new long[] {2, 3, 4, 5}, new long[] {60, 1, 15, 3}, 0, 'c', DataType.FLOAT, false));

    @Test
    void givesNd4jsShapeInformationOneBufferForEachDescription() {
        SharedShapeInfo shared = new SharedShapeInfo(ND4J);
        Map<DataBuffer, Description> buffers = new IdentityHashMap<>();
        for (Description d : DESCRIPTIONS) {
            Pair<DataBuffer, long[]> first = d.from(shared);
            Pair<DataBuffer, long[]> again = d.from(shared);
            assertArrayEquals(d.nd4jMakes(), first.getFirst().asLong());
            assertArrayEquals(d.nd4jMakes(), first.getSecond());
            assertSame(first.getFirst(), again.getFirst());
            assertNotSame(first.getSecond(), again.getSecond());
            buffers.put(first.getFirst(), d);
        }
        assertEquals(DESCRIPTIONS.size(), buffers.size());
    }

    @Test
    void keepsWhatItWasAskedForWhateverTheCallerDoesWithItsArrays() {
        SharedShapeInfo shared = new SharedShapeInfo(ND4J);
        long[] shape = {6, 7};
        long[] stride = {7, 1};
        Pair<DataBuffer, long[]> first = shared.createShapeInformation(shape, stride, 1, 'c', DataType.FLOAT, false);
        shape[0] = 9;
        stride[0] = 99;
        first.getSecond()[1] = 42;
        Description asked = new Description(new long[] {6, 7}, new long[] {7, 1}, 1, 'c', DataType.FLOAT, false);
        Pair<DataBuffer, long[]> again = asked.from(shared);
        assertSame(first.getFirst(), again.getFirst());
        assertArrayEquals(asked.nd4jMakes(), again.getSecond());
        assertArrayEquals(asked.nd4jMakes(), again.getFirst().asLong());
    }

    @Test
    void makesDescriptionsPastItsLimitAsNd4jDoes() {
        SharedShapeInfo shared = new SharedShapeInfo(ND4J);
        for (int i = 1; i <= SharedShapeInfo.MAX_ENTRIES; i++) {
            shared.createShapeInformation(new long[] {i}, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        }
        Description past = new Description(new long[] {SharedShapeInfo.MAX_ENTRIES + 1}, new long[] {1}, 1, 'c',
                DataType.FLOAT, false);
        Pair<DataBuffer, long[]> first = past.from(shared);
        assertNotSame(first.getFirst(), past.from(shared).getFirst());
        assertArrayEquals(past.nd4jMakes(), first.getFirst().asLong());
        Description kept = new Description(new long[] {1}, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        assertSame(kept.from(shared).getFirst(), kept.from(shared).getFirst());
    }

    @Test
    void trainsAsWithNd4jsOwnProviderToTheBit() {
        for (MultiLayerConfiguration conf : List.of(dense(), convolutional())) {
            List<DataSet> batches = batches(conf.getConf(0).getLayer() instanceof ConvolutionLayer ? 100 : 12);
            float[] withNd4j = trained(conf, batches, ND4J);
            float[] withShared = trained(conf, batches, new SharedShapeInfo(ND4J));
            assertArrayEquals(withNd4j, withShared);
        }
    }

    @Test
    void installsItselfOnceInFrontOfNd4jsProvider() {
        ShapeInfoProvider before = Nd4j.getShapeInfoProvider();
        try {
            assertTrue(SharedShapeInfo.use(ND4J));
            assertTrue(SharedShapeInfo.install());
            ShapeInfoProvider installed = Nd4j.getShapeInfoProvider();
            assertTrue(installed instanceof SharedShapeInfo);
            assertSame(ND4J, SharedShapeInfo.nd4js());
            assertTrue(SharedShapeInfo.install());
            assertSame(installed, Nd4j.getShapeInfoProvider());
        } finally {
            SharedShapeInfo.use(before);
        }
    }

    /** Parameters and optimizer state after 20 steps of the worker's step with {@code provider} in place. */
    private static float[] trained(MultiLayerConfiguration conf, List<DataSet> batches, ShapeInfoProvider provider) {
        ShapeInfoProvider before = Nd4j.getShapeInfoProvider();
        assertTrue(SharedShapeInfo.use(provider));
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
            net.init();
            TrainingShortcuts.install(net);
            for (DataSet batch : batches) {
                LocalStep.fit(net, batch);
            }
            float[] params = net.params().toFloatVector();
            float[] state = net.getUpdater().getStateViewArray().toFloatVector();
            float[] all = new float[params.length + state.length];
            System.arraycopy(params, 0, all, 0, params.length);
            System.arraycopy(state, 0, all, params.length, state.length);
            return all;
        } finally {
            SharedShapeInfo.use(before);
        }
    }

    private static List<DataSet> batches(int width) {
        Random random = new Random(11);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            float[] features = new float[16 * width];
            float[] labels = new float[16 * 3];
            for (int i = 0; i < features.length; i++) {
                features[i] = random.nextFloat();
            }
            for (int row = 0; row < 16; row++) {
                labels[row * 3 + random.nextInt(3)] = 1;
            }
            batches.add(new DataSet(Nd4j.create(features, new long[] {16, width}, 'c'),
                    Nd4j.create(labels, new long[] {16, 3}, 'c')));
        }
        return batches;
    }

    private static MultiLayerConfiguration dense() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(0.01)).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static MultiLayerConfiguration convolutional() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(0.01)).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(10, 10, 1))
                .build();
    }
}
