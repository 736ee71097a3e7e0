package org.learnbench.tasks.trading;

import java.util.random.RandomGenerator;
import org.learnbench.tasks.control.Environment;

/**
 * A trading agent on a market's daily returns, as an {@link Environment} the control learners play: each day
 * the agent chooses a position, short, flat or long (actions 0, 1, 2 = positions -1, 0, +1), and earns
 * {@code position x next day's return - cost x |position change|}. The observation is the last {@code
 * window} standardised values, oldest first, then the current position.
 *
 * <p>A training episode ({@link #reset}) starts flat on a decision day drawn uniformly from the training
 * days, so that its {@code episodeLength} rewards all come from training days; it never terminates and is
 * truncated after {@code episodeLength} days. Evaluation passes start with {@link #start} on a fixed day.
 */
public final class TradingEnvironment implements Environment {
    /** The actions' positions: short, flat, long. */
    private static final int[] POSITIONS = {-1, 0, 1};

    private final TradingMarket market;
    private int day = -1;
    private int position;
    private int steps;
    private int length;

    public TradingEnvironment(TradingMarket market) {
        this.market = market;
    }

    /** The position (-1, 0, +1) an action takes. */
    public static int position(int action) {
        return POSITIONS[action];
    }

    @Override
    public String name() {
        return "Trading";
    }

    @Override
    public int observationSize() {
        return market.window() + 1;
    }

    @Override
    public int actionCount() {
        return 3;
    }

    @Override
    public int maxEpisodeSteps() {
        return market.episodeLength();
    }

    /** There is no threshold: a trading policy is judged against buy-and-hold instead. */
    @Override
    public double solvedThreshold() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public void reset(RandomGenerator random, double[] observation) {
        int first = market.window() - 1;
        int last = market.trainEnd() - 1 - market.episodeLength();
        start(first + random.nextInt(last - first + 1), market.episodeLength(), observation);
    }

    /**
     * Starts flat on decision day {@code day} for {@code length} days (the last reward is day {@code day +
     * length}'s return).
     */
    public void start(int day, int length, double[] observation) {
        if (day < market.window() - 1 || length < 1 || day + length >= market.days()) {
            throw new IllegalArgumentException("an episode of " + length + " days from day " + day
                    + " needs days " + (day - market.window() + 1) + " .. " + (day + length) + " of 0 .. "
                    + (market.days() - 1));
        }
        this.day = day;
        this.length = length;
        this.position = 0;
        this.steps = 0;
        observe(observation);
    }

    private void observe(double[] observation) {
        int w = market.window();
        if (observation.length != w + 1) {
            throw new IllegalArgumentException("observation buffer of " + observation.length + ", expected " + (w + 1));
        }
        for (int j = 0; j < w; j++) {
            observation[j] = market.observedAt(day - w + 1 + j);
        }
        observation[w] = position;
    }

    @Override
    public double step(int action, double[] observation) {
        if (day < 0 || done()) {
            throw new IllegalStateException("no episode running: reset first");
        }
        if (action < 0 || action > 2) {
            throw new IllegalArgumentException("action must be 0, 1 or 2, got " + action);
        }
        int next = POSITIONS[action];
        double reward = next * market.returnAt(day + 1) - market.cost() * Math.abs(next - position);
        position = next;
        day++;
        steps++;
        observe(observation);
        return reward;
    }

    @Override
    public boolean terminated() {
        return false;
    }

    @Override
    public boolean truncated() {
        return day >= 0 && steps >= length;
    }

    @Override
    public int episodeSteps() {
        return steps;
    }

    /** The current decision day and position. */
    @Override
    public double[] state() {
        return new double[] {day, position};
    }

    @Override
    public void setState(double[] state) {
        if (state.length != 2 || !Double.isFinite(state[0]) || !Double.isFinite(state[1])) {
            throw new IllegalArgumentException(
                    "a trading state is [day, position], got " + java.util.Arrays.toString(state));
        }
        day = (int) state[0];
        position = (int) state[1];
    }
}
