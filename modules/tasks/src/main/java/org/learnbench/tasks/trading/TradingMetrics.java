package org.learnbench.tasks.trading;

/**
 * Measures of a strategy's daily net returns (fractions, e.g. 0.01 for 1%), as a trading period's report
 * gives them.
 */
public final class TradingMetrics {
    /** Trading days per year, for annualising. */
    public static final int DAYS_PER_YEAR = 252;

    private TradingMetrics() {}

    /** The compounded return: prod(1 + r_t) - 1 (0 for no days). */
    public static double cumulativeReturn(double[] daily) {
        double wealth = 1;
        for (double r : daily) {
            wealth *= 1 + r;
        }
        return wealth - 1;
    }

    /**
     * The annualised Sharpe ratio with a risk-free rate of 0: sqrt(252) x mean(r) / sd(r), with the sample
     * standard deviation (n - 1). 0 when it is undefined: fewer than 2 days, or a constant return (for
     * example always flat).
     */
    public static double sharpe(double[] daily) {
        int n = daily.length;
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (double r : daily) {
            mean += r;
        }
        mean /= n;
        double squares = 0;
        for (double r : daily) {
            squares += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        return sd > 0 ? Math.sqrt(DAYS_PER_YEAR) * mean / sd : 0;
    }

    /**
     * The largest fall of wealth from its running peak, as a fraction of that peak: max_t (peak_t - W_t) /
     * peak_t, where W_0 = 1, W_t = W_{t-1} (1 + r_t) and peak_t = max(W_0 .. W_t). 0 for a wealth that never
     * falls.
     */
    public static double maxDrawdown(double[] daily) {
        double wealth = 1;
        double peak = 1;
        double worst = 0;
        for (double r : daily) {
            wealth *= 1 + r;
            peak = Math.max(peak, wealth);
            worst = Math.max(worst, (peak - wealth) / peak);
        }
        return worst;
    }

    /**
     * Buy-and-hold's daily net returns over days of returns {@code returns}: long throughout, paying {@code
     * cost} once to enter on the first day (from flat, as the agent starts).
     */
    public static double[] buyAndHold(double[] returns, double cost) {
        double[] net = returns.clone();
        if (net.length > 0) {
            net[0] -= cost;
        }
        return net;
    }
}
