package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Trajectories of the three environments against golden trajectories computed by Gymnasium's own step code,
 * compared bit for bit in every state entry after every step.
 *
 * <p>The golden files (src/test/resources/org/learnbench/tasks/control/gymnasium/*.txt) say in their headers
 * exactly how they were produced: Gymnasium at commit 3f0476a8cc224dcce2167cc4b6971ae0f04d5cfc (1.4.0; step
 * unchanged since 1.0.0), numpy 1.24.2 with its AVX-512 loops disabled and glibc 2.36, each episode started from a
 * fixed state and driven by the recorded actions. Gymnasium's cosines, sines and (Acrobot's) squares come from the
 * platform's C library, whose last bit differs from StrictMath's for some arguments; the files list glibc's
 * results for exactly those arguments, and the test hands them to the environment in place of its own. With the
 * same elementary function results every other operation must then give Gymnasium's double exactly: a different
 * order of the same operations ({@code (m * cos) * cos} for {@code m * cos**2}) fails within a few steps.
 * {@link #strictMathAloneLeavesGlibcsTrajectoryOnlyWhereGlibcsLastBitDiffers} measures what remains without the
 * substitution.
 */
class GymnasiumGoldenTest {
    private static final int ACROBOT_FIRST_DIFFERENCE = 9;
    private static final int MOUNTAIN_CAR_FIRST_DIFFERENCE = 150;

    private record Step(int action, double[] state, boolean terminated) {}

    private record Episode(double[] initial, List<Step> steps) {}

    /** A golden file: its episodes and glibc's results that differ from StrictMath's, by function and argument. */
    private record Golden(List<Episode> episodes, Map<String, Map<Long, Double>> libm) {
        int stepCount() {
            return episodes.stream().mapToInt(e -> e.steps().size()).sum();
        }
    }

    private static Golden read(String name) throws IOException {
        String text;
        try (InputStream in = GymnasiumGoldenTest.class.getResourceAsStream("gymnasium/" + name + ".txt")) {
            assertNotNull(in, "missing golden file gymnasium/" + name + ".txt");
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<Episode> episodes = new ArrayList<>();
        Map<String, Map<Long, Double>> libm = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            if (f[0].equals("episode")) {
                episodes.add(new Episode(parse(f, 1, f.length), new ArrayList<>()));
            } else if (f[0].equals("libm")) {
                libm.computeIfAbsent(f[1], k -> new HashMap<>())
                        .put(Double.doubleToRawLongBits(Double.parseDouble(f[2])), Double.parseDouble(f[3]));
            } else {
                episodes.get(episodes.size() - 1)
                        .steps()
                        .add(new Step(Integer.parseInt(f[0]), parse(f, 1, f.length - 1), f[f.length - 1].equals("1")));
            }
        }
        return new Golden(episodes, libm);
    }

    private static double[] parse(String[] fields, int from, int to) {
        double[] values = new double[to - from];
        for (int i = from; i < to; i++) {
            values[i - from] = Double.parseDouble(fields[i]);
        }
        return values;
    }

    /** StrictMath and x * x, except glibc's results for the arguments the golden file lists; counts those used. */
    private static final class Glibc implements ElementaryFunctions {
        private final Map<String, Map<Long, Double>> libm;
        int substituted;

        Glibc(Map<String, Map<Long, Double>> libm) {
            this.libm = libm;
        }

        private double lookUp(String function, double x, double own) {
            Double glibc = libm.getOrDefault(function, Map.of()).get(Double.doubleToRawLongBits(x));
            if (glibc == null) {
                return own;
            }
            substituted++;
            return glibc;
        }

        @Override
        public double cos(double x) {
            return lookUp("cos", x, StrictMath.cos(x));
        }

        @Override
        public double sin(double x) {
            return lookUp("sin", x, StrictMath.sin(x));
        }

        @Override
        public double square(double x) {
            return lookUp("sq", x, x * x);
        }
    }

    /**
     * Replays every episode; returns the number of the first step (counted over all episodes from 1) whose state
     * differs from the golden one in any bit, or 0 when all match; with {@code failFast} a difference fails.
     */
    private static int replay(Golden golden, EpisodicEnvironment env, boolean failFast) {
        double[] obs = new double[env.observationSize()];
        int count = 0;
        for (Episode episode : golden.episodes()) {
            env.reset(new SplittableRandom(0), obs);
            env.setState(episode.initial());
            for (Step step : episode.steps()) {
                count++;
                env.step(step.action(), obs);
                double[] state = env.state();
                for (int i = 0; i < state.length; i++) {
                    if (Double.doubleToRawLongBits(state[i]) != Double.doubleToRawLongBits(step.state()[i])) {
                        if (failFast) {
                            fail(env.name() + ": step " + count + " (" + env.episodeSteps() + " of its episode), entry "
                                    + i + " is " + Double.toHexString(state[i]) + ", Gymnasium's is "
                                    + Double.toHexString(step.state()[i]));
                        }
                        return count;
                    }
                }
                assertEquals(step.terminated(), env.terminated(), env.name() + ": terminated after step " + count);
            }
        }
        return 0;
    }

    private static void assertBitForBit(String file, Function<ElementaryFunctions, EpisodicEnvironment> make)
            throws IOException {
        Golden golden = read(file);
        Glibc glibc = new Glibc(golden.libm());
        replay(golden, make.apply(glibc), true);
        int listed = golden.libm().values().stream().mapToInt(Map::size).sum();
        // Every listed glibc result must have been asked for, or the file and the code have drifted apart.
        assertTrue(glibc.substituted >= listed, file + ": " + listed + " listed, " + glibc.substituted + " used");
    }

    @Test
    void cartPoleIsGymnasiumsBitForBit() throws IOException {
        // 300 balanced steps and a 9-step fall; fdlibm agrees with glibc on every cos and sin of these.
        assertBitForBit("cartpole", CartPole::new);
    }

    @Test
    void acrobotIsGymnasiumsBitForBitIncludingRungeKuttaWrapAndClip() throws IOException {
        // 200 pseudo-random torques from near rest, 6 steps at a clipped dtheta2 of -9 pi with both angles
        // wrapping, and 73 steps pumping energy from rest until the tip crosses the line.
        assertBitForBit("acrobot", Acrobot::new);
    }

    @Test
    void mountainCarIsGymnasiumsBitForBit() throws IOException {
        // Against the left wall (velocity zeroed) and on to the flag in 48 steps; 200 steps of forced rocking.
        assertBitForBit("mountaincar", MountainCar::new);
    }

    @Test
    void theGoldenFilesCoverTerminationWrappingClippingAndTheWall() throws IOException {
        Golden cartPole = read("cartpole");
        Golden acrobot = read("acrobot");
        Golden mountainCar = read("mountaincar");
        assertEquals(309, cartPole.stepCount());
        assertEquals(279, acrobot.stepCount());
        assertEquals(248, mountainCar.stepCount());
        assertTrue(lastStepTerminates(cartPole.episodes().get(1)));
        assertTrue(lastStepTerminates(acrobot.episodes().get(2)));
        assertTrue(lastStepTerminates(mountainCar.episodes().get(0)));
        long clipped = acrobot.episodes().stream()
                .flatMap(e -> e.steps().stream())
                .filter(s -> Math.abs(s.state()[3]) == 9 * Math.PI)
                .count();
        assertTrue(clipped > 0, "no step ends at the dtheta2 limit");
        long wrapped = 0;
        for (Episode e : acrobot.episodes()) {
            double[] previous = e.initial();
            for (Step s : e.steps()) {
                if (Math.abs(s.state()[1] - previous[1]) > Math.PI) {
                    wrapped++;
                }
                previous = s.state();
            }
        }
        assertTrue(wrapped > 0, "no step wraps theta2");
        assertTrue(
                mountainCar.episodes().get(0).steps().stream()
                        .anyMatch(s -> s.state()[0] == -1.2 && s.state()[1] == 0.0),
                "the car never stops at the left wall");
    }

    private static boolean lastStepTerminates(Episode episode) {
        return episode.steps().get(episode.steps().size() - 1).terminated();
    }

    @Test
    void strictMathAloneLeavesGlibcsTrajectoryOnlyWhereGlibcsLastBitDiffers() throws IOException {
        // What the environments compute as shipped (StrictMath, the same on every machine) against Gymnasium on
        // glibc. CartPole never meets a cosine or sine on which fdlibm and glibc differ here, so it is Gymnasium's
        // outright; Acrobot and MountainCar follow Gymnasium bit for bit up to the step that first uses a listed
        // glibc result in its physics, and part from it from there on.
        assertEquals(0, replay(read("cartpole"), new CartPole(), false));
        assertEquals(ACROBOT_FIRST_DIFFERENCE, replay(read("acrobot"), new Acrobot(), false));
        assertEquals(MOUNTAIN_CAR_FIRST_DIFFERENCE, replay(read("mountaincar"), new MountainCar(), false));
    }
}
