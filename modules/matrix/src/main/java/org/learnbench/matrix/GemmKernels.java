package org.learnbench.matrix;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Picks the multiply kernel once per JVM: the Vector API kernel when {@code jdk.incubator.vector} is in
 * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), the platform has
 * vectors of at least four doubles and fused multiply-add in hardware; the scalar kernel otherwise.
 */
final class GemmKernels {
    /** The portable kernel, always available. */
    static final GemmKernel SCALAR = new ScalarGemm();
    /** The Vector API kernel, or null when this JVM cannot (or should not) use it. */
    static final GemmKernel VECTOR;
    /** The portable single-precision kernel. */
    static final FloatGemmKernel FLOAT_SCALAR = new ScalarSgemm();
    /** The Vector API single-precision kernel, present exactly when {@link #VECTOR} is. */
    static final FloatGemmKernel FLOAT_VECTOR;

    static {
        GemmKernel vector = null;
        FloatGemmKernel floatVector = null;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && hardwareFma()) {
            try {
                vector = VectorLoader.load();
                floatVector = vector == null ? null : VectorLoader.loadFloat();
            } catch (LinkageError e) {
                vector = null;
            }
        }
        // Both or neither: a MatrixOps on the vector kernel uses both.
        VECTOR = floatVector == null ? null : vector;
        FLOAT_VECTOR = VECTOR == null ? null : floatVector;
    }

    private GemmKernels() {}

    /**
     * False when HotSpot says the CPU lacks FMA: the Vector API would then emulate every fused
     * multiply-add in software, hundreds of times slower than the scalar kernel.
     */
    private static boolean hardwareFma() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot == null
                    || Boolean.parseBoolean(hotSpot.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot, or no management module: assume a current CPU
        }
    }

    /** Keeps every reference to the Vector API kernels out of this class until the module check has passed. */
    private static final class VectorLoader {
        static GemmKernel load() {
            return VectorGemm.worthUsing() && VectorSgemm.worthUsing() ? new VectorGemm() : null;
        }

        static FloatGemmKernel loadFloat() {
            return new VectorSgemm();
        }
    }
}
