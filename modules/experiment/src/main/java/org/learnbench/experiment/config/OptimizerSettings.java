package org.learnbench.experiment.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.cmaes.CmaEs;
import org.learnbench.optim.ga.Bounds;
import org.learnbench.optim.ga.Crossover;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.optim.ga.Mutation;
import org.learnbench.optim.ga.RandomSearch;
import org.learnbench.optim.ga.Selection;
import org.learnbench.optim.gd.EarlyStopping;
import org.learnbench.optim.gd.GradientDescent;
import org.learnbench.optim.pg.PolicyGradient;
import org.learnbench.optim.rules.Adagrad;
import org.learnbench.optim.rules.Adam;
import org.learnbench.optim.rules.AdamW;
import org.learnbench.optim.rules.LearningRateSchedule;
import org.learnbench.optim.rules.RmsProp;
import org.learnbench.optim.rules.Sgd;
import org.learnbench.optim.rules.UpdateRule;

/**
 * The settings of every optimizer, declared once each: the {@code optimizer} section of a config, with
 * its update rules, schedules and genetic operators. Adding a setting is one line here (plus its use).
 */
public final class OptimizerSettings {
    private OptimizerSettings() {}

    private static final String PROBABILITY = "a probability in [0, 1]";
    private static final String NON_NEGATIVE = "a number >= 0";
    private static final String POSITIVE = "a positive number";

    private static boolean unit(double v) {
        return v >= 0 && v < 1;
    }

    // ---- update rules (torch.optim semantics and defaults) ----

    static final Section<Sgd> SGD = Section.of(
            "rule: sgd",
            v -> {
                if (v.b("nesterov") && (v.d("momentum") == 0 || v.d("dampening") != 0)) {
                    throw v.error("nesterov", "Nesterov momentum needs momentum > 0 and dampening 0");
                }
                return new Sgd(v.d("momentum"), v.d("dampening"), v.b("nesterov"));
            },
            Setting.of("momentum", Kind.NUMBER, "momentum of the velocity buffer", Sgd::momentum)
                    .standard(0.0)
                    .check((Double m) -> unit(m), "a momentum in [0, 1)"),
            Setting.of("dampening", Kind.NUMBER, "dampening of the gradient added to the buffer", Sgd::dampening)
                    .standard(0.0)
                    .check((Double d) -> d >= 0 && d <= 1, "a dampening in [0, 1]"),
            Setting.of("nesterov", Kind.BOOL, "Nesterov momentum", Sgd::nesterov)
                    .standard(false));

    /** Builds a rule from Adam's moment settings. */
    @FunctionalInterface
    private interface Moments<R> {
        R of(double beta1, double beta2, double eps);
    }

    /** Adam's moment settings, shared by Adam and AdamW (declared once for both). */
    private static <R extends UpdateRule> Section<R> adamMoments(
            String title,
            Moments<R> rule,
            java.util.function.Function<R, Double> beta1,
            java.util.function.Function<R, Double> beta2,
            java.util.function.Function<R, Double> eps) {
        return Section.of(
                title,
                v -> rule.of(v.d("beta1"), v.d("beta2"), v.d("eps")),
                Setting.of("beta1", Kind.NUMBER, "decay of the first moment", beta1)
                        .standard(0.9)
                        .check((Double b) -> unit(b), "a beta in [0, 1)"),
                Setting.of("beta2", Kind.NUMBER, "decay of the second moment", beta2)
                        .standard(0.999)
                        .check((Double b) -> unit(b), "a beta in [0, 1)"),
                Setting.of("eps", Kind.NUMBER, "added to the root of the second moment", eps)
                        .standard(1e-8)
                        .check((Double e) -> e > 0, POSITIVE));
    }

    static final Section<Adam> ADAM = adamMoments("rule: adam", Adam::new, Adam::beta1, Adam::beta2, Adam::eps);

    static final Section<AdamW> ADAMW = adamMoments("rule: adamw", AdamW::new, AdamW::beta1, AdamW::beta2, AdamW::eps);

    static final Section<RmsProp> RMSPROP = Section.of(
            "rule: rmsprop",
            v -> new RmsProp(v.d("alpha"), v.d("eps")),
            Setting.of("alpha", Kind.NUMBER, "decay of the squared-gradient average", RmsProp::alpha)
                    .standard(0.99)
                    .check((Double a) -> unit(a), "an alpha in [0, 1)"),
            Setting.of("eps", Kind.NUMBER, "added to the root of the average", RmsProp::eps)
                    .standard(1e-8)
                    .check((Double e) -> e > 0, POSITIVE));

    static final Section<Adagrad> ADAGRAD = Section.of(
            "rule: adagrad",
            v -> new Adagrad(v.d("eps")),
            Setting.of("eps", Kind.NUMBER, "added to the root of the sum of squares", Adagrad::eps)
                    .standard(1e-10)
                    .check((Double e) -> e > 0, POSITIVE));

    private static String ruleName(UpdateRule rule) {
        if (rule instanceof Sgd) {
            return "sgd";
        }
        if (rule instanceof Adam) {
            return "adam";
        }
        if (rule instanceof AdamW) {
            return "adamw";
        }
        if (rule instanceof RmsProp) {
            return "rmsprop";
        }
        if (rule instanceof Adagrad) {
            return "adagrad";
        }
        throw new IllegalArgumentException("unknown " + rule);
    }

    private static Map<String, Section<? extends UpdateRule>> rules(boolean withAdamW) {
        Map<String, Section<? extends UpdateRule>> rules = new LinkedHashMap<>();
        rules.put("sgd", SGD);
        rules.put("adam", ADAM);
        if (withAdamW) {
            rules.put("adamw", ADAMW);
        }
        rules.put("rmsprop", RMSPROP);
        rules.put("adagrad", ADAGRAD);
        return rules;
    }

    /** Backprop's rules; their keys stand beside {@code rule} in the optimizer section. */
    static final Variants<UpdateRule> RULES =
            Variants.of("rule", rules(true), OptimizerSettings::ruleName, v -> "adam", "adam");

    /** Policy gradient's rules (no AdamW: the learner has no decoupled weight decay). */
    static final Variants<UpdateRule> PG_RULES =
            Variants.of("rule", rules(false), OptimizerSettings::ruleName, v -> "adam", "adam");

    // ---- learning-rate schedules, stepped once per epoch ----

    private static final Section<LearningRateSchedule.Constant> CONSTANT =
            Section.of("schedule: constant", v -> new LearningRateSchedule.Constant());

    private static final Section<LearningRateSchedule.Step> STEP = Section.of(
            "schedule: step",
            v -> new LearningRateSchedule.Step(v.i("step_size"), v.d("gamma")),
            Setting.of("step_size", Kind.INT, "epochs between decays", LearningRateSchedule.Step::stepSize)
                    .standard(10)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of("gamma", Kind.NUMBER, "factor at each step", LearningRateSchedule.Step::gamma)
                    .standard(0.1)
                    .check((Double g) -> g > 0 && g <= 1, "a factor in (0, 1]"));

    private static final Section<LearningRateSchedule.Exponential> EXPONENTIAL = Section.of(
            "schedule: exponential",
            v -> new LearningRateSchedule.Exponential(v.d("gamma")),
            Setting.of("gamma", Kind.NUMBER, "factor per epoch", LearningRateSchedule.Exponential::gamma)
                    .standard(0.95)
                    .check((Double g) -> g > 0 && g <= 1, "a factor in (0, 1]"));

    private static final Section<LearningRateSchedule.Cosine> COSINE = Section.of(
            "schedule: cosine",
            v -> new LearningRateSchedule.Cosine(v.l("period"), v.d("min_lr")),
            Setting.of("period", Kind.LONG, "epochs to anneal over", LearningRateSchedule.Cosine::periodEpochs)
                    .standard(
                            v -> {
                                Budget b = v.scope().budget();
                                if (b == null || b.maxIterations() == 0) {
                                    throw v.error(
                                            "period",
                                            "missing (expected the number of epochs to anneal over; it "
                                                    + "defaults to the epoch budget, and this budget has none)");
                                }
                                return b.maxIterations();
                            },
                            "the epoch budget")
                    .check((Long n) -> n >= 1, "a whole number >= 1"),
            Setting.of("min_lr", Kind.NUMBER, "the rate at the end of the period", LearningRateSchedule.Cosine::minRate)
                    .standard(0.0)
                    .check((Double m) -> m >= 0, NON_NEGATIVE));

    private static String scheduleName(LearningRateSchedule s) {
        if (s instanceof LearningRateSchedule.Constant) {
            return "constant";
        }
        if (s instanceof LearningRateSchedule.Step) {
            return "step";
        }
        if (s instanceof LearningRateSchedule.Exponential) {
            return "exponential";
        }
        if (s instanceof LearningRateSchedule.Cosine) {
            return "cosine";
        }
        throw new IllegalArgumentException("unknown " + s);
    }

    static final Variants<LearningRateSchedule> SCHEDULES = Variants.of(
            "type",
            ordered("constant", CONSTANT, "step", STEP, "exponential", EXPONENTIAL, "cosine", COSINE),
            OptimizerSettings::scheduleName,
            v -> "constant",
            "constant");

    static final Section<EarlyStopping> EARLY_STOPPING = Section.of(
            "early_stopping",
            v -> new EarlyStopping(v.i("patience"), v.d("min_delta"), v.b("restore_best")),
            Setting.of("patience", Kind.INT, "epochs without improvement before stopping", EarlyStopping::patience)
                    .standard(10)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of("min_delta", Kind.NUMBER, "the smallest decrease that counts", EarlyStopping::minDelta)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            Setting.of("restore_best", Kind.BOOL, "keep the best epoch's parameters", EarlyStopping::restoreBest)
                    .standard(true));

    // ---- backprop gradient descent ----

    static final Section<GradientDescent> BACKPROP = Section.of(
            "optimizer: backprop",
            OptimizerSettings::backprop,
            Setting.inline("rule", RULES, "the update rule (torch.optim semantics)", GradientDescent::rule),
            Setting.of("learning_rate", Kind.NUMBER, "step size", GradientDescent::learningRate)
                    .standard(
                            v -> v.<UpdateRule>as("rule").defaultLearningRate(),
                            "per rule: sgd, rmsprop, adagrad 0.01; adam, adamw 0.001")
                    .check((Double r) -> r > 0, POSITIVE),
            Setting.of(
                            "batch_size",
                            Kind.BATCH,
                            "samples per minibatch (full = batch gradient descent)",
                            GradientDescent::batchSize)
                    .standard(32),
            Setting.of(
                            "weight_decay",
                            Kind.NUMBER,
                            "coupled L2: g += weight_decay * theta",
                            GradientDescent::weightDecay)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            Setting.of(
                            "decoupled_weight_decay",
                            Kind.NUMBER,
                            "theta -= lr * decoupled_weight_decay * theta before each step",
                            GradientDescent::decoupledWeightDecay)
                    .standard(
                            v -> v.get("rule") instanceof AdamW ? AdamW.DEFAULT_DECOUPLED_WEIGHT_DECAY : 0.0,
                            "0; adamw 0.01")
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            Setting.of(
                            "clip_norm",
                            Kind.NUMBER,
                            "rescale the gradient to this global L2 norm (0 = off)",
                            GradientDescent::clipNorm)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            Setting.of(
                            "schedule",
                            Kind.variants(SCHEDULES),
                            "learning-rate schedule, stepped once per epoch",
                            GradientDescent::schedule)
                    .defaultSection(),
            Setting.of(
                            "early_stopping",
                            Kind.section(EARLY_STOPPING),
                            "stop on validation loss, evaluated (and charged) every epoch",
                            GradientDescent::earlyStopping)
                    .optional("off"));

    private static GradientDescent backprop(Values v) {
        Optional<EarlyStopping> early = Optional.ofNullable(v.as("early_stopping"));
        if (early.isPresent()
                && (v.scope().task() instanceof TaskConfig.Csv csv
                                && csv.split().validation() == 0
                        || v.scope().task() instanceof TaskConfig.Text text
                                && text.split().validation() == 0)) {
            throw v.error("early_stopping", "needs a validation split, and task.split.validation is 0");
        }
        if (early.isPresent()
                && v.scope().task() instanceof TaskConfig.Series series
                && series.spec().validation() == 0) {
            throw v.error("early_stopping", "needs a validation block, and task.validation is 0");
        }
        return new GradientDescent(
                v.as("rule"),
                v.d("learning_rate"),
                v.i("batch_size"),
                v.d("weight_decay"),
                v.d("decoupled_weight_decay"),
                v.as("schedule"),
                v.d("clip_norm"),
                early);
    }

    // ---- the genetic algorithm ----

    /** Defaults of a named set of GA settings: the values each preset gives when a key is absent. */
    enum Preset {
        /** Jenetics' engine defaults: tournament 3, one-point crossover 0.2, sigma 0.1 on 15% of the genes. */
        JENETICS(50, "tournament", "one_point", 0.2, 0.1, 0.15),
        /** Such et al. 2017's Deep GA: truncation top 20, no crossover, sigma 0.02 on every gene. */
        DEEP_GA(100, "truncation", "none", 0.5, 0.02, 1.0);

        final int population;
        final String selection;
        final String crossover;
        final double crossoverProbability;
        final double sigma;
        final double mutationProbability;

        Preset(
                int population,
                String selection,
                String crossover,
                double crossoverProbability,
                double sigma,
                double mutationProbability) {
            this.population = population;
            this.selection = selection;
            this.crossover = crossover;
            this.crossoverProbability = crossoverProbability;
            this.sigma = sigma;
            this.mutationProbability = mutationProbability;
        }

        static Preset of(Values v) {
            return v.as("preset");
        }
    }

    private static final Section<Selection.Tournament> TOURNAMENT = Section.of(
            "selection: tournament",
            v -> {
                if (v.i("size") > v.i("population")) {
                    throw v.error(
                            "size",
                            "expected a tournament no larger than the population (" + v.i("population") + "), got "
                                    + v.i("size"));
                }
                return new Selection.Tournament(v.i("size"));
            },
            Setting.of("size", Kind.INT, "individuals per tournament", Selection.Tournament::size)
                    .standard(3)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"));

    private static final Section<Selection.Truncation> TRUNCATION = Section.of(
            "selection: truncation",
            v -> {
                if (v.i("top") > v.i("population")) {
                    throw v.error(
                            "top", "expected at most the population (" + v.i("population") + "), got " + v.i("top"));
                }
                return new Selection.Truncation(v.i("top"));
            },
            Setting.of("top", Kind.INT, "the best individuals that become parents", Selection.Truncation::top)
                    .standard(v -> Math.min(20, v.i("population")), "min(20, population)")
                    .check((Integer n) -> n >= 1, "a whole number >= 1"));

    private static final Section<Selection.Roulette> ROULETTE =
            Section.of("selection: roulette", v -> new Selection.Roulette());

    private static final Section<Selection.StochasticUniversal> SUS =
            Section.of("selection: sus", v -> new Selection.StochasticUniversal());

    private static final Section<Selection.LinearRank> LINEAR_RANK = Section.of(
            "selection: linear_rank",
            v -> new Selection.LinearRank(v.d("pressure")),
            Setting.of("pressure", Kind.NUMBER, "expected offspring of the best", Selection.LinearRank::pressure)
                    .standard(1.5)
                    .check((Double p) -> p >= 1 && p <= 2, "a pressure in [1, 2]"));

    private static String selectionName(Selection s) {
        if (s instanceof Selection.Tournament) {
            return "tournament";
        }
        if (s instanceof Selection.Truncation) {
            return "truncation";
        }
        if (s instanceof Selection.Roulette) {
            return "roulette";
        }
        if (s instanceof Selection.StochasticUniversal) {
            return "sus";
        }
        if (s instanceof Selection.LinearRank) {
            return "linear_rank";
        }
        throw new IllegalArgumentException("unknown " + s);
    }

    private static <K, V> Map<K, V> ordered(Object... pairs) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            K k = (K) pairs[i];
            @SuppressWarnings("unchecked")
            V val = (V) pairs[i + 1];
            map.put(k, val);
        }
        return map;
    }

    static final Variants<Selection> SELECTIONS = Variants.of(
            "type",
            ordered(
                    "tournament", TOURNAMENT,
                    "truncation", TRUNCATION,
                    "roulette", ROULETTE,
                    "sus", SUS,
                    "linear_rank", LINEAR_RANK),
            OptimizerSettings::selectionName,
            v -> Preset.of(v).selection,
            "per preset: jenetics tournament, deep_ga truncation");

    /** A crossover operator with the probability that a child is recombined by it. */
    record CrossoverChoice(Crossover operator, double probability) {}

    private static Setting<CrossoverChoice> crossoverProbability() {
        return Setting.of(
                        "probability",
                        Kind.NUMBER,
                        "chance that a child is recombined from two parents",
                        CrossoverChoice::probability)
                .standard(v -> Preset.of(v).crossoverProbability, "per preset: jenetics 0.2, deep_ga 0.5")
                .check((Double p) -> p >= 0 && p <= 1, PROBABILITY);
    }

    private static final Section<CrossoverChoice> NO_CROSSOVER =
            Section.of("crossover: none", v -> new CrossoverChoice(new Crossover.None(), 0));

    private static final Section<CrossoverChoice> UNIFORM = Section.of(
            "crossover: uniform",
            v -> new CrossoverChoice(new Crossover.Uniform(), v.d("probability")),
            crossoverProbability());

    private static final Section<CrossoverChoice> ONE_POINT = Section.of(
            "crossover: one_point",
            v -> new CrossoverChoice(new Crossover.MultiPoint(1), v.d("probability")),
            crossoverProbability());

    private static final Section<CrossoverChoice> MULTI_POINT = Section.of(
            "crossover: multi_point",
            v -> new CrossoverChoice(new Crossover.MultiPoint(v.i("points")), v.d("probability")),
            Setting.of("points", Kind.INT, "cut points", (CrossoverChoice c) -> ((Crossover.MultiPoint) c.operator())
                            .points())
                    .standard(2)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            crossoverProbability());

    private static final Section<CrossoverChoice> ARITHMETIC = Section.of(
            "crossover: arithmetic",
            v -> new CrossoverChoice(new Crossover.Arithmetic(), v.d("probability")),
            crossoverProbability());

    private static final Section<CrossoverChoice> BLEND = Section.of(
            "crossover: blend",
            v -> new CrossoverChoice(new Crossover.Blend(v.d("alpha")), v.d("probability")),
            Setting.of(
                            "alpha",
                            Kind.NUMBER,
                            "how far beyond the parents a gene may land",
                            (CrossoverChoice c) -> ((Crossover.Blend) c.operator()).alpha())
                    .standard(0.5)
                    .check((Double a) -> a >= 0, NON_NEGATIVE),
            crossoverProbability());

    private static String crossoverName(CrossoverChoice c) {
        if (c.operator() instanceof Crossover.None) {
            return "none";
        }
        if (c.operator() instanceof Crossover.Uniform) {
            return "uniform";
        }
        if (c.operator() instanceof Crossover.MultiPoint m) {
            return m.points() == 1 ? "one_point" : "multi_point";
        }
        if (c.operator() instanceof Crossover.Arithmetic) {
            return "arithmetic";
        }
        if (c.operator() instanceof Crossover.Blend) {
            return "blend";
        }
        throw new IllegalArgumentException("unknown " + c.operator());
    }

    static final Variants<CrossoverChoice> CROSSOVERS = Variants.of(
            "type",
            ordered(
                    "none", NO_CROSSOVER,
                    "uniform", UNIFORM,
                    "one_point", ONE_POINT,
                    "multi_point", MULTI_POINT,
                    "arithmetic", ARITHMETIC,
                    "blend", BLEND),
            OptimizerSettings::crossoverName,
            v -> Preset.of(v).crossover,
            "per preset: jenetics one_point, deep_ga none");

    static final Section<Mutation> MUTATION = Section.of(
            "mutation",
            v -> {
                if (v.d("min_sigma") > v.d("sigma")) {
                    throw v.error(
                            "min_sigma", "expected at most sigma (" + v.d("sigma") + "), got " + v.d("min_sigma"));
                }
                return new Mutation(
                        v.d("sigma"), v.d("probability"), v.as("schedule"), v.d("decay"), v.d("min_sigma"), v.d("tau"));
            },
            Setting.of("sigma", Kind.NUMBER, "absolute standard deviation of the Gaussian step", Mutation::sigma)
                    .standard(v -> Preset.of(v).sigma, "per preset: jenetics 0.1, deep_ga 0.02")
                    .check((Double s) -> s > 0, POSITIVE),
            Setting.of("probability", Kind.NUMBER, "chance that a gene is mutated", Mutation::probability)
                    .standard(v -> Preset.of(v).mutationProbability, "per preset: jenetics 0.15, deep_ga 1")
                    .check((Double p) -> p >= 0 && p <= 1, PROBABILITY),
            Setting.of(
                            "schedule",
                            Kind.of(Mutation.Schedule.class),
                            "how sigma changes over the run",
                            Mutation::schedule)
                    .standard(Mutation.Schedule.CONSTANT),
            Setting.of("decay", Kind.NUMBER, "sigma's factor per generation (schedule decay)", Mutation::decay)
                    .standard(
                            v -> v.get("schedule") == Mutation.Schedule.DECAY ? 0.99 : 1.0,
                            "0.99 with schedule decay, else 1")
                    .check((Double d) -> d > 0 && d <= 1, "a factor in (0, 1]"),
            Setting.of("min_sigma", Kind.NUMBER, "the floor of a decaying or self-adapted sigma", Mutation::minSigma)
                    .standard(0.0)
                    .check((Double m) -> m >= 0, NON_NEGATIVE),
            Setting.of("tau", Kind.NUMBER, "self-adaptation rate (0 = 1/sqrt(dimension))", Mutation::tau)
                    .standard(0.0)
                    .check((Double t) -> t >= 0, NON_NEGATIVE));

    static final Section<Bounds> BOUNDS = Section.of(
            "bounds",
            v -> {
                if (!(v.d("min") < v.d("max"))) {
                    throw v.error("max", "expected max > min (" + v.d("min") + "), got " + v.d("max"));
                }
                return new Bounds(v.d("min"), v.d("max"));
            },
            Setting.of("min", Kind.NUMBER, "lowest gene value", Bounds::min),
            Setting.of("max", Kind.NUMBER, "highest gene value", Bounds::max));

    /** Stop after this many generations without improving the best so far by more than the tolerance. */
    record SteadyFitness(int generations, double tolerance) {}

    static final Section<SteadyFitness> STEADY = Section.of(
            "steady_fitness",
            v -> new SteadyFitness(v.i("generations"), v.d("tolerance")),
            Setting.of("generations", Kind.INT, "generations without improvement", SteadyFitness::generations)
                    .standard(50)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of("tolerance", Kind.NUMBER, "the smallest improvement that counts", SteadyFitness::tolerance)
                    .standard(0.0)
                    .check((Double t) -> t >= 0, NON_NEGATIVE));

    private static <O> Setting<O> fitnessBatch(java.util.function.Function<O, Integer> getter) {
        return Setting.of(
                        "fitness_batch",
                        Kind.BATCH,
                        "training samples per fitness evaluation, a fresh minibatch each iteration shared by all candidates",
                        getter)
                .standard(0)
                .onlyWhen(Scope::supervised, "applies to supervised (csv) tasks only");
    }

    static final Section<GeneticAlgorithm> GENETIC = Section.of(
            "optimizer: genetic",
            OptimizerSettings::genetic,
            Setting.of(
                            "preset",
                            Kind.of(Preset.class),
                            "where the defaults of the other keys come from",
                            (GeneticAlgorithm g) -> null)
                    .standard(Preset.JENETICS)
                    .unrecorded(),
            Setting.of("population", Kind.INT, "individuals per generation", GeneticAlgorithm::population)
                    .standard(v -> Preset.of(v).population, "per preset: jenetics 50, deep_ga 100")
                    .check((Integer n) -> n >= 2, "a whole number >= 2"),
            Setting.of("elites", Kind.INT, "individuals carried unchanged", GeneticAlgorithm::elites)
                    .standard(1)
                    .check((Integer n) -> n >= 0, "a whole number >= 0"),
            Setting.of("selection", Kind.variants(SELECTIONS), "parent selection", GeneticAlgorithm::selection)
                    .defaultSection(),
            Setting.of(
                            "crossover",
                            Kind.variants(CROSSOVERS),
                            "recombination of two parents",
                            (GeneticAlgorithm g) -> new CrossoverChoice(g.crossover(), g.crossoverProbability()))
                    .defaultSection(),
            Setting.of("mutation", Kind.section(MUTATION), "additive Gaussian mutation", GeneticAlgorithm::mutation)
                    .defaultSection(),
            Setting.of(
                            "bounds",
                            Kind.section(BOUNDS),
                            "clip genes to [min, max] after variation",
                            GeneticAlgorithm::bounds)
                    .optional("none"),
            Setting.of(
                            "init_noise",
                            Kind.NUMBER,
                            "extra Gaussian noise on the initial population",
                            GeneticAlgorithm::initNoise)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            fitnessBatch(GeneticAlgorithm::fitnessBatch),
            Setting.of(
                            "evaluations_per_candidate",
                            Kind.INT,
                            "cases averaged per candidate when fitness is stochastic",
                            GeneticAlgorithm::evaluationsPerCandidate)
                    .standard(1)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "elite_candidates",
                            Kind.INT,
                            "best candidates re-scored before the elites are chosen",
                            GeneticAlgorithm::eliteCandidates)
                    .standard(v -> v.i("elites"), "elites"),
            Setting.of(
                            "elite_reevaluations",
                            Kind.INT,
                            "extra cases for each elite candidate (stochastic fitness)",
                            GeneticAlgorithm::eliteReevaluations)
                    .standard(0)
                    .check((Integer n) -> n >= 0, "a whole number >= 0"),
            Setting.of(
                            "steady_fitness",
                            Kind.section(STEADY),
                            "stop when the best stalls",
                            (GeneticAlgorithm g) -> g.steadyGenerations() == 0
                                    ? null
                                    : new SteadyFitness(g.steadyGenerations(), g.steadyTolerance()))
                    .optional("off"));

    private static GeneticAlgorithm genetic(Values v) {
        int population = v.i("population");
        int elites = v.i("elites");
        if (elites >= population) {
            throw v.error("elites", "expected fewer elites than the population (" + population + "), got " + elites);
        }
        int eliteCandidates = v.i("elite_candidates");
        if (eliteCandidates < elites || eliteCandidates > population) {
            throw v.error(
                    "elite_candidates",
                    "expected a number in [elites, population] = [" + elites + ", " + population + "], got "
                            + eliteCandidates);
        }
        CrossoverChoice crossover = v.as("crossover");
        SteadyFitness steady = v.as("steady_fitness");
        Integer batch = v.as("fitness_batch");
        return new GeneticAlgorithm(
                population,
                elites,
                v.as("selection"),
                crossover.operator(),
                crossover.probability(),
                v.as("mutation"),
                Optional.ofNullable(v.as("bounds")),
                v.d("init_noise"),
                batch == null ? 0 : batch,
                v.i("evaluations_per_candidate"),
                eliteCandidates,
                v.i("elite_reevaluations"),
                steady == null ? 0 : steady.generations(),
                steady == null ? 0 : steady.tolerance());
    }

    // ---- policy gradient ----

    static final Section<PolicyGradient> POLICY_GRADIENT = Section.of(
            "optimizer: policy_gradient",
            OptimizerSettings::policyGradient,
            Setting.inline("rule", PG_RULES, "the update rule of the policy", PolicyGradient::rule),
            Setting.of("learning_rate", Kind.NUMBER, "the policy's step size", PolicyGradient::learningRate)
                    .standard(0.01)
                    .check((Double r) -> r > 0, POSITIVE),
            Setting.of(
                            "episodes_per_update",
                            Kind.INT,
                            "episodes per gradient estimate",
                            PolicyGradient::episodesPerUpdate)
                    .standard(v -> v.scope().supervised() ? 64 : 1, "1 for control, 64 for a bandit")
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of("gamma", Kind.NUMBER, "discount", PolicyGradient::gamma)
                    .standard(0.99)
                    .check((Double g) -> g > 0 && g <= 1, "a discount in (0, 1]"),
            Setting.of(
                            "baseline",
                            Kind.of(PolicyGradient.Baseline.class),
                            "what is subtracted from the returns",
                            PolicyGradient::baseline)
                    .standard(PolicyGradient.Baseline.NORMALIZE),
            Setting.of(
                            "baseline_decay",
                            Kind.NUMBER,
                            "decay of the running-mean baseline",
                            PolicyGradient::baselineDecay)
                    .standard(0.9)
                    .check((Double d) -> unit(d), "a decay in [0, 1)"),
            Setting.of(
                            "value_learning_rate",
                            Kind.NUMBER,
                            "step size of the value network's own Adam (baseline value)",
                            PolicyGradient::valueLearningRate)
                    .standard(0.01)
                    .check((Double r) -> r > 0, POSITIVE),
            Setting.of("entropy_bonus", Kind.NUMBER, "weight of the mean policy entropy", PolicyGradient::entropyBonus)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE),
            Setting.of(
                            "clip_norm",
                            Kind.NUMBER,
                            "rescale the policy gradient to this global L2 norm (0 = off)",
                            PolicyGradient::clipNorm)
                    .standard(0.0)
                    .check((Double d) -> d >= 0, NON_NEGATIVE));

    private static PolicyGradient policyGradient(Values v) {
        PolicyGradient.Baseline baseline = v.as("baseline");
        if (baseline == PolicyGradient.Baseline.VALUE && !v.scope().control()) {
            throw v.error(
                    "baseline",
                    "a learned value baseline needs a control task (a supervised bandit has "
                            + "no value network); use none, running_mean or normalize");
        }
        return new PolicyGradient(
                v.as("rule"),
                v.d("learning_rate"),
                v.i("episodes_per_update"),
                v.d("gamma"),
                baseline,
                v.d("baseline_decay"),
                v.d("value_learning_rate"),
                v.d("entropy_bonus"),
                v.d("clip_norm"));
    }

    // ---- random search and CMA-ES ----

    static final Section<RandomSearch> RANDOM_SEARCH = Section.of(
            "optimizer: random_search",
            v -> new RandomSearch(v.i("samples"), v.<Integer>as("fitness_batch") == null ? 0 : v.i("fitness_batch")),
            Setting.of(
                            "samples",
                            Kind.INT,
                            "points drawn from the initial distribution and scored per iteration",
                            RandomSearch::samples)
                    .standard(100)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            fitnessBatch(RandomSearch::fitnessBatch));

    static final Section<CmaEs> CMAES = Section.of(
            "optimizer: cmaes",
            v -> new CmaEs(
                    v.i("population"),
                    v.d("sigma"),
                    v.b("diagonal"),
                    v.b("active"),
                    v.<Integer>as("fitness_batch") == null ? 0 : v.i("fitness_batch")),
            Setting.of("population", Kind.INT, "offspring per generation (0 = 4 + 3 ln d)", CmaEs::populationSize)
                    .standard(0)
                    .check((Integer n) -> n == 0 || n >= 2, "0 (the CMA-ES default 4 + 3 ln d) or at least 2"),
            Setting.of("sigma", Kind.NUMBER, "initial step size", CmaEs::initialSigma)
                    .standard(0.5)
                    .check((Double s) -> s > 0, POSITIVE),
            Setting.of("diagonal", Kind.BOOL, "keep the covariance diagonal (for high dimensions)", CmaEs::diagonal)
                    .standard(false),
            Setting.of("active", Kind.BOOL, "active covariance update", CmaEs::activeCma)
                    .standard(true),
            fitnessBatch(CmaEs::batchSize));

    private static String typeName(Optimizer<?> o) {
        if (o instanceof GradientDescent) {
            return "backprop";
        }
        if (o instanceof GeneticAlgorithm) {
            return "genetic";
        }
        if (o instanceof PolicyGradient) {
            return "policy_gradient";
        }
        if (o instanceof RandomSearch) {
            return "random_search";
        }
        if (o instanceof CmaEs) {
            return "cmaes";
        }
        throw new IllegalArgumentException("no config name for " + o.getClass().getName());
    }

    /** The optimizer section: its {@code type} chooses the family. */
    public static final Variants<Optimizer<?>> OPTIMIZERS = Variants.of(
            "type",
            ordered(
                    "backprop", BACKPROP,
                    "genetic", GENETIC,
                    "policy_gradient", POLICY_GRADIENT,
                    "cmaes", CMAES,
                    "random_search", RANDOM_SEARCH),
            OptimizerSettings::typeName,
            null,
            "required");

    /** The optimizer families' names, in declaration order. */
    public static List<String> types() {
        return OPTIMIZERS.names();
    }
}
