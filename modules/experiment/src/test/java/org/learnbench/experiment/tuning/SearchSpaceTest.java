package org.learnbench.experiment.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.SeedStreams;

/** Search spaces: the standard space of each family, and how trial points map to values. */
class SearchSpaceTest {
    @Test
    void theStandardSpaceIsTheStepSizeTwoDecadesEitherSideOfTheEntrysValue() {
        SearchSpace backprop = SearchSpace.standardFor(Map.of("type", "backprop", "learning_rate", 0.001));
        assertEquals(List.of(new Dimension.LogUniform("learning_rate", 1e-5, 0.1)), backprop.dimensions());
        assertTrue(backprop.standard());
        SearchSpace ga =
                SearchSpace.standardFor(Map.of("type", "genetic", "population", 50, "mutation", Map.of("sigma", 0.02)));
        assertEquals(List.of(new Dimension.LogUniform("mutation.sigma", 0.02 / 100, 0.02 * 100)), ga.dimensions());
        assertEquals(
                "sigma",
                SearchSpace.standardFor(Map.of("type", "cmaes", "sigma", 1.0))
                        .keys()
                        .get(0));
        assertEquals(
                "learning_rate",
                SearchSpace.standardFor(Map.of("type", "policy_gradient", "learning_rate", 0.01))
                        .keys()
                        .get(0));
        assertTrue(SearchSpace.standardFor(Map.of("type", "random_search", "samples", 100))
                .isEmpty());
    }

    @Test
    void eachDimensionMapsTheUnitIntervalOntoItsRange() {
        Dimension log = new Dimension.LogUniform("lr", 1e-4, 1);
        assertEquals(1e-4, Double.parseDouble(log.value(0)), 1e-18);
        assertEquals(1e-2, Double.parseDouble(log.value(0.5)), 1e-15); // the geometric middle
        assertTrue(Double.parseDouble(log.value(0.999999)) <= 1);
        Dimension uniform = new Dimension.Uniform("m", 0, 0.9);
        assertEquals(0.45, Double.parseDouble(uniform.value(0.5)), 1e-15);
        Dimension ints = new Dimension.IntRange("n", 2, 4); // 2, 3, 4 each a third of [0, 1)
        assertEquals("2", ints.value(0));
        assertEquals("2", ints.value(0.33));
        assertEquals("3", ints.value(0.34));
        assertEquals("4", ints.value(0.9999));
        Dimension choice = new Dimension.Choice("rule", List.of("sgd", "adam"));
        assertEquals("sgd", choice.value(0.49));
        assertEquals("adam", choice.value(0.5));
    }

    @Test
    void randomTrialValuesAreUniformOnTheLogScale() {
        // Chi-square test of the decades of 4000 random log-uniform draws over [1e-4, 1] (4 decades, 1000
        // expected each): the 0.1% critical value of chi-square with 3 degrees of freedom is 16.27.
        SearchSpace space = new SearchSpace(List.of(new Dimension.LogUniform("lr", 1e-4, 1)), false);
        int[] decades = new int[4];
        for (Map<String, String> p :
                space.points(Sampler.RANDOM, 4000, new SeedStreams(3).stream(SeedStreams.TRIALS))) {
            decades[(int) Math.floor(Math.log10(Double.parseDouble(p.get("lr"))) + 4)]++;
        }
        double chi2 = 0;
        for (int d : decades) {
            chi2 += (d - 1000.0) * (d - 1000.0) / 1000.0;
        }
        assertTrue(chi2 < 16.27, "chi-square " + chi2 + " of decade counts " + java.util.Arrays.toString(decades));
    }

    @Test
    void quasiRandomTrialsSpreadOverEveryDecadeEvenWithFewTrials() {
        // 8 quasi-random points in 4 decades put exactly 2 in each: the first 8 Halton points in base 2 fall
        // one in each eighth of [0, 1), and a rotation keeps that up to one point moving across the wrap.
        SearchSpace space = new SearchSpace(List.of(new Dimension.LogUniform("lr", 1e-4, 1)), false);
        int[] decades = new int[4];
        for (Map<String, String> p :
                space.points(Sampler.QUASI_RANDOM, 8, new SeedStreams(3).stream(SeedStreams.TRIALS))) {
            decades[(int) Math.floor(Math.log10(Double.parseDouble(p.get("lr"))) + 4)]++;
        }
        for (int d : decades) {
            assertTrue(d >= 1 && d <= 3, java.util.Arrays.toString(decades));
        }
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        SearchSpace space = new SearchSpace(
                List.of(new Dimension.LogUniform("lr", 1e-4, 1), new Dimension.Choice("rule", List.of("sgd", "adam"))),
                false);
        assertEquals(
                space.points(Sampler.QUASI_RANDOM, 5, new SeedStreams(9).stream(SeedStreams.TRIALS)),
                space.points(Sampler.QUASI_RANDOM, 5, new SeedStreams(9).stream(SeedStreams.TRIALS)));
        assertTrue(!space.points(Sampler.QUASI_RANDOM, 5, new SeedStreams(9).stream(SeedStreams.TRIALS))
                .equals(space.points(Sampler.QUASI_RANDOM, 5, new SeedStreams(10).stream(SeedStreams.TRIALS))));
    }
}
