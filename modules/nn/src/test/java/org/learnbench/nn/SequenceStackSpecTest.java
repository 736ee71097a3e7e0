package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/** Stacks with embeddings and recurrent layers: inferred shapes, the network built, and refused stacks. */
class SequenceStackSpecTest {
    private static final LayerSpec EMBED = new LayerSpec.Embedding(50, 8, true);
    private static final LayerSpec GRU_SEQ =
            new LayerSpec.Recurrent(Recurrent.Cell.GRU, 6, Recurrent.Output.SEQUENCE, 0);
    private static final LayerSpec LSTM_LAST =
            new LayerSpec.Recurrent(Recurrent.Cell.LSTM, 5, Recurrent.Output.LAST, 4);

    @Test
    void shapesFlowFromIdsThroughSequencesToAVector() {
        StackSpec spec = new StackSpec(List.of(EMBED, GRU_SEQ, LSTM_LAST, new LayerSpec.Act(Activation.TANH)));
        List<Shape> shapes = spec.shapes(Shape.vector(10));
        assertEquals(Shape.sequence(new SequenceShape(10, 8, true)), shapes.get(1));
        assertEquals(Shape.sequence(new SequenceShape(10, 6, true)), shapes.get(2));
        assertEquals(Shape.vector(5), shapes.get(3));
        assertEquals(10 * 9, shapes.get(1).size());
        assertEquals(
                "10: embedding 50x8 masked -> sequence 10x8+mask, gru 6 sequence -> sequence 10x6+mask,"
                        + " lstm 5 last bptt 4 -> 5, tanh, dense 3",
                spec.describe(Shape.vector(10), 3));
    }

    @Test
    void theBuiltNetworkIsTheHandMadeOne() {
        StackSpec spec = new StackSpec(List.of(EMBED, GRU_SEQ, LSTM_LAST));
        Network built = spec.build(Shape.vector(10), 3, Activation.IDENTITY);
        Embedding embedding = new Embedding(50, 8, 10, true);
        Recurrent gru = new Recurrent(Recurrent.Cell.GRU, embedding.outputSequence(), 6, Recurrent.Output.SEQUENCE, 0);
        Recurrent lstm = new Recurrent(Recurrent.Cell.LSTM, gru.outputSequence(), 5, Recurrent.Output.LAST, 4);
        Network manual = new Network(List.of(embedding, gru, lstm, new Dense(5, 3, Initializer.XAVIER_UNIFORM, 1.0)));
        assertEquals(manual.parameterCount(), built.parameterCount());
        assertEquals(manual.describe(), built.describe());
        built.initialize(new SplittableRandom(1));
        manual.setParameters(built.parameters());
        Matrix ids = Matrix.zeros(2, 10).fill(Embedding.PADDING);
        for (int t = 0; t < 7; t++) {
            ids.set(0, t, t * 7 % 50);
            ids.set(1, t, t < 3 ? t + 1 : Embedding.PADDING);
        }
        Pass pass = Pass.inference(MatrixOps.withThreads(1));
        assertArrayEquals(
                manual.forward(pass, ids).toArray(), built.forward(pass, ids).toArray());
    }

    @Test
    void aTaskCanGiveSequencesAsTheInputShape() {
        StackSpec spec = new StackSpec(
                List.of(new LayerSpec.Recurrent(Recurrent.Cell.ELMAN, 4, Recurrent.Output.MEAN, 0)),
                null,
                Precision.FLOAT32);
        Network net = spec.build(Shape.sequence(new SequenceShape(20, 1, false)), 1, Activation.IDENTITY);
        assertEquals(20, net.inputSize());
        assertEquals(Precision.FLOAT32, net.precision());
    }

    private static String refusal(List<LayerSpec> layers, Shape input) {
        return assertThrows(IllegalArgumentException.class, () -> new StackSpec(layers)
                        .build(input, 2, Activation.IDENTITY))
                .getMessage();
    }

    @Test
    void impossibleSequenceStacksAreRefusedByName() {
        String m = refusal(List.of(LSTM_LAST), Shape.vector(10));
        assertTrue(m.startsWith("layer 0 (lstm 5 last bptt 4): needs a sequence input, got the flat vector 10"), m);
        m = refusal(List.of(EMBED, EMBED), Shape.vector(10));
        assertTrue(m.startsWith("layer 1 (embedding 50x8 masked): needs a flat vector of token ids"), m);
        m = refusal(List.of(EMBED, new LayerSpec.Dense(4)), Shape.vector(10));
        assertTrue(m.contains("layer 1 (dense 4): needs a flat input, got the sequence 10x8+mask"), m);
        m = refusal(List.of(EMBED, new LayerSpec.Act(Activation.RELU)), Shape.vector(10));
        assertTrue(m.contains("layer 1 (relu): cannot act on the sequence"), m);
        m = refusal(List.of(EMBED, new LayerSpec.MaxPool(2)), Shape.vector(10));
        assertTrue(m.contains("needs an image input (channels x height x width), got the sequence"), m);
        m = refusal(List.of(EMBED, GRU_SEQ), Shape.vector(10));
        assertTrue(m.startsWith("the output layer (dense 2) needs a flat input, got the sequence 10x6+mask"), m);
        m = refusal(List.of(EMBED), Shape.image(1, 2, 5));
        assertTrue(m.contains("needs a flat vector of token ids, got the image 1x2x5"), m);
    }

    @Test
    void aFlattenedSequenceFeedsADenseLayer() {
        StackSpec spec = new StackSpec(List.of(EMBED, GRU_SEQ, new LayerSpec.Flatten(), new LayerSpec.Dense(4)));
        assertEquals(Shape.vector(70), spec.shapes(Shape.vector(10)).get(3));
        assertEquals(
                4,
                spec.build(Shape.vector(10), 2, Activation.IDENTITY)
                        .layers()
                        .get(2) // flatten builds no layer
                        .outputSize());
    }

    @Test
    void sequenceShapesMustBeConsistent() {
        assertThrows(IllegalArgumentException.class, () -> new Shape(3, 1, 4, false, new SequenceShape(3, 4, true)));
        assertTrue(Shape.sequence(new SequenceShape(3, 4, true)).isSequence());
        assertTrue(!Shape.vector(3).isSequence());
    }
}
