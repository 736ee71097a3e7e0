package org.learnbench.experiment.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.Recurrent;

/**
 * The layer entries for sequences in {@code network: {layers: [...]}}: an embedding of token ids ({@code
 * {type: embedding, dimension: 64}}, its vocabulary the one the text task fits on its training split) and the
 * recurrent layers ({@code {type: gru | lstm | rnn, hidden: 64, output: last, window: 0}}, rnn being the Elman
 * cell) for a text task's embedded ids or a series task's windows as steps, with the checks that the task gives
 * what they take.
 */
final class SequenceLayerSettings {
    private SequenceLayerSettings() {}

    private static final String EMBEDDING_EXAMPLE = "{type: embedding, dimension: 32}";

    /** Adds the embedding and the recurrent layer types to the layer sections. */
    static void addTo(Map<String, Section<? extends LayerSpec>> m) {
        m.put(
                "embedding",
                Section.of(
                        "layer: embedding",
                        v -> new LayerSpec.Embedding(0, v.i("dimension"), v.b("masked")),
                        Setting.of(
                                        "dimension",
                                        Kind.INT,
                                        "the length of each token's vector",
                                        LayerSpec.Embedding::dimension)
                                .check((Integer n) -> n >= 1, "a whole number >= 1"),
                        Setting.of(
                                        "masked",
                                        Kind.BOOL,
                                        "padding steps (id -1) carry a flag, so recurrent layers skip them and"
                                                + " output last is the last real token's state",
                                        LayerSpec.Embedding::masked)
                                .standard(true)));
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            String name = cellName(cell);
            m.put(
                    name,
                    Section.of(
                            "layer: " + name,
                            v -> new LayerSpec.Recurrent(
                                    cell,
                                    v.i("hidden"),
                                    Recurrent.Output.valueOf(v.s("output").toUpperCase(Locale.ROOT)),
                                    v.i("window")),
                            Setting.of("hidden", Kind.INT, "the state size", LayerSpec.Recurrent::hidden)
                                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
                            Setting.of(
                                            "output",
                                            Kind.choice(List.of("last", "mean", "max", "sequence")),
                                            "the state after the last real step, the mean state, each unit's"
                                                    + " largest state over the real steps, or every step's state (a"
                                                    + " sequence, for another recurrent layer)",
                                            (LayerSpec.Recurrent r) ->
                                                    r.output().name().toLowerCase(Locale.ROOT))
                                    .standard("last"),
                            Setting.of(
                                            "window",
                                            Kind.INT,
                                            "truncated backpropagation through time over this many steps (0: full)",
                                            LayerSpec.Recurrent::window)
                                    .standard(0)
                                    .check((Integer n) -> n >= 0, "a whole number >= 0")));
        }
    }

    /** The config type of a recurrent cell: gru, lstm, or rnn for the Elman cell. */
    private static String cellName(Recurrent.Cell cell) {
        return cell == Recurrent.Cell.ELMAN ? "rnn" : cell.name().toLowerCase(Locale.ROOT);
    }

    /** The config type of an embedding or recurrent layer. */
    static String name(LayerSpec layer) {
        return layer instanceof LayerSpec.Recurrent r ? cellName(r.cell()) : "embedding";
    }

    /**
     * Refuses sequence layers the task cannot feed, and a token-id task without an embedding first: a network
     * reading ids as numbers would train on nonsense without complaint.
     */
    static void checkInput(Values v, org.learnbench.nn.StackSpec stack, TaskConfig task) {
        List<LayerSpec> layers = stack.layers();
        boolean ids = task instanceof TaskConfig.Text text && text.sequence();
        org.learnbench.nn.Shape input = ExperimentSettings.inputShape(task);
        boolean sequence = input != null && input.isSequence(); // e.g. a series task's windows as steps
        if (ids && (layers.isEmpty() || !(layers.get(0) instanceof LayerSpec.Embedding))) {
            throw v.error(
                    "layers",
                    "this task's rows are token ids (task.representation: sequence), which dense layers would read"
                            + " as numbers; start the layers with an embedding, e.g. " + EMBEDDING_EXAMPLE);
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer instanceof LayerSpec.Embedding && (!ids || i > 0)) {
                String why = ids
                        ? "only the first layer gets token ids"
                        : task instanceof TaskConfig.Text text
                                ? "this task's rows are "
                                        + text.spec().representation().name().toLowerCase(Locale.ROOT)
                                        + " features; give task.representation: sequence"
                                : "only a text task with representation: sequence gives them";
                throw v.error("layers", "layer " + i + " (" + layer.describe() + ") needs token ids, but " + why);
            }
            if (layer instanceof LayerSpec.Recurrent && !ids && !sequence) {
                throw v.error(
                        "layers",
                        "layer " + i + " (" + layer.describe() + ") needs a sequence input, but this "
                                + task.type() + " task's rows are not sequences; a text task with representation:"
                                + " sequence and an embedding first (" + EMBEDDING_EXAMPLE + "), or a series task"
                                + " with layout: sequence, give one");
            }
        }
    }

    /** Refuses a perceptron ({@code hidden: [...]}) on token ids. */
    static void checkPerceptron(ConfigNode mapping, TaskConfig task) {
        if (task instanceof TaskConfig.Text text && text.sequence()) {
            throw mapping.error(
                    "hidden",
                    "this task's rows are token ids (task.representation: sequence), which a perceptron would read"
                            + " as numbers; describe the network with layers: [...] starting with an embedding, e.g. "
                            + EMBEDDING_EXAMPLE);
        }
    }
}
