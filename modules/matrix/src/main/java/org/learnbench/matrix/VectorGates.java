package org.learnbench.matrix;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gates}' sigmoid and tanh over runs of values on the Java Vector API: the scalar functions'
 * operations in the same order on whole vectors, so the same bits (the scalar code finishes after the last
 * whole vector). Each loop has its whole function written out in it (the polynomial unrolled) rather than calling helpers: C2 stops
 * inlining vector-heavy callees early (node-count cut-offs, callees already compiled big), and a vector that
 * crosses a call that is not inlined is boxed on the heap, which would make every step allocate. Loaded only
 * when {@link GemmKernels} has found the vector module.
 */
final class VectorGates {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorGates() {}

    /** Sigmoid of n values from a[ao] into out[oo] (may be the same place), in whole vectors; returns how many. */
    static int sigmoid(double[] a, int ao, double[] out, int oo, int n) {
        int whole = D.loopBound(n);
        DoubleVector log2e = DoubleVector.broadcast(D, Gates.LOG2_E);
        DoubleVector round = DoubleVector.broadcast(D, Gates.ROUND);
        DoubleVector ln2hi = DoubleVector.broadcast(D, Gates.LN2_HI);
        DoubleVector ln2lo = DoubleVector.broadcast(D, Gates.LN2_LO);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int j = 0; j < whole; j += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, ao + j);
            DoubleVector y = x.abs().min(Gates.SIGMOID_CLAMP).neg();
            DoubleVector kd = y.fma(log2e, round);
            DoubleVector k = kd.sub(round).neg();
            DoubleVector r = k.fma(ln2lo, k.fma(ln2hi, y));
            DoubleVector p = DoubleVector.broadcast(D, Gates.C[0]);
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[1]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[2]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[3]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[4]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[5]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[6]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[7]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[8]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[9]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[10]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[11]));
            DoubleVector q = p.fma(r, one).mul(r);
            DoubleVector twoK = kd.reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52)
                    .add(Gates.ONE_BITS)
                    .reinterpretAsDoubles();
            DoubleVector e = twoK.fma(q, twoK);
            one.blend(e, x.compare(VectorOperators.LT, 0.0)).div(one.add(e)).intoArray(out, oo + j);
        }
        return whole;
    }

    /** Tanh of n values from a[ao] into out[oo] (may be the same place), in whole vectors; returns how many. */
    static int tanh(double[] a, int ao, double[] out, int oo, int n) {
        int whole = D.loopBound(n);
        DoubleVector log2e = DoubleVector.broadcast(D, Gates.LOG2_E);
        DoubleVector round = DoubleVector.broadcast(D, Gates.ROUND);
        DoubleVector ln2hi = DoubleVector.broadcast(D, Gates.LN2_HI);
        DoubleVector ln2lo = DoubleVector.broadcast(D, Gates.LN2_LO);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int j = 0; j < whole; j += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, ao + j);
            DoubleVector y = x.abs().min(Gates.TANH_CLAMP).mul(-2.0);
            DoubleVector kd = y.fma(log2e, round);
            DoubleVector k = kd.sub(round).neg();
            DoubleVector r = k.fma(ln2lo, k.fma(ln2hi, y));
            DoubleVector p = DoubleVector.broadcast(D, Gates.C[0]);
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[1]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[2]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[3]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[4]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[5]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[6]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[7]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[8]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[9]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[10]));
            p = p.fma(r, DoubleVector.broadcast(D, Gates.C[11]));
            DoubleVector q = p.fma(r, one).mul(r);
            DoubleVector twoK = kd.reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52)
                    .add(Gates.ONE_BITS)
                    .reinterpretAsDoubles();
            DoubleVector m = twoK.fma(q, twoK.sub(one));
            DoubleVector t = m.neg().div(m.add(2.0));
            t.reinterpretAsLongs()
                    .and(~Gates.SIGN)
                    .or(x.reinterpretAsLongs().and(Gates.SIGN))
                    .reinterpretAsDoubles()
                    .intoArray(out, oo + j);
        }
        return whole;
    }

    /** Sigmoid of n values from a[ao] into out[oo] (may be the same place), in whole vectors; returns how many. */
    static int sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        int whole = F.loopBound(n);
        FloatVector log2e = FloatVector.broadcast(F, Gates.LOG2_E_F);
        FloatVector round = FloatVector.broadcast(F, Gates.ROUND_F);
        FloatVector ln2hi = FloatVector.broadcast(F, Gates.LN2_HI_F);
        FloatVector ln2lo = FloatVector.broadcast(F, Gates.LN2_LO_F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int j = 0; j < whole; j += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, ao + j);
            FloatVector y = x.abs().min(Gates.SIGMOID_CLAMP_F).neg();
            FloatVector kd = y.fma(log2e, round);
            FloatVector k = kd.sub(round).neg();
            FloatVector r = k.fma(ln2lo, k.fma(ln2hi, y));
            FloatVector p = FloatVector.broadcast(F, Gates.C_F[0]);
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[1]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[2]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[3]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[4]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[5]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[6]));
            FloatVector q = p.fma(r, one).mul(r);
            FloatVector twoK = kd.reinterpretAsInts()
                    .lanewise(VectorOperators.LSHL, 23)
                    .add(Gates.ONE_BITS_F)
                    .reinterpretAsFloats();
            FloatVector e = twoK.fma(q, twoK);
            one.blend(e, x.compare(VectorOperators.LT, 0f)).div(one.add(e)).intoArray(out, oo + j);
        }
        return whole;
    }

    /** Tanh of n values from a[ao] into out[oo] (may be the same place), in whole vectors; returns how many. */
    static int tanh(float[] a, int ao, float[] out, int oo, int n) {
        int whole = F.loopBound(n);
        FloatVector log2e = FloatVector.broadcast(F, Gates.LOG2_E_F);
        FloatVector round = FloatVector.broadcast(F, Gates.ROUND_F);
        FloatVector ln2hi = FloatVector.broadcast(F, Gates.LN2_HI_F);
        FloatVector ln2lo = FloatVector.broadcast(F, Gates.LN2_LO_F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int j = 0; j < whole; j += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, ao + j);
            FloatVector y = x.abs().min(Gates.TANH_CLAMP_F).mul(-2f);
            FloatVector kd = y.fma(log2e, round);
            FloatVector k = kd.sub(round).neg();
            FloatVector r = k.fma(ln2lo, k.fma(ln2hi, y));
            FloatVector p = FloatVector.broadcast(F, Gates.C_F[0]);
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[1]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[2]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[3]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[4]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[5]));
            p = p.fma(r, FloatVector.broadcast(F, Gates.C_F[6]));
            FloatVector q = p.fma(r, one).mul(r);
            FloatVector twoK = kd.reinterpretAsInts()
                    .lanewise(VectorOperators.LSHL, 23)
                    .add(Gates.ONE_BITS_F)
                    .reinterpretAsFloats();
            FloatVector m = twoK.fma(q, twoK.sub(one));
            FloatVector t = m.neg().div(m.add(2f));
            t.reinterpretAsInts()
                    .and(~Gates.SIGN_F)
                    .or(x.reinterpretAsInts().and(Gates.SIGN_F))
                    .reinterpretAsFloats()
                    .intoArray(out, oo + j);
        }
        return whole;
    }
}
