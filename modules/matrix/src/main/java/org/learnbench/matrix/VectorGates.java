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

    static int preActivations(
            int n,
            double[] x,
            int xo,
            double[] g,
            int go,
            double[] bi,
            int bio,
            double[] bh,
            int bho,
            double[] a,
            int ao) {
        int whole = D.loopBound(n);
        for (int j = 0; j < whole; j += D.length()) {
            DoubleVector.fromArray(D, x, xo + j)
                    .add(DoubleVector.fromArray(D, bi, bio + j))
                    .add(DoubleVector.fromArray(D, g, go + j).add(DoubleVector.fromArray(D, bh, bho + j)))
                    .intoArray(a, ao + j);
        }
        return whole;
    }

    static int gruBackward(
            int h,
            double[] a,
            int ao,
            double[] state,
            int prev,
            double[] newGateHidden,
            int nho,
            double[] gradState,
            int gso,
            double[] dx,
            int xo,
            double[] dh,
            int dho) {
        int whole = D.loopBound(h);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int j = 0; j < whole; j += D.length()) {
            int k = h + j;
            int m = 2 * h + j;
            DoubleVector r = DoubleVector.fromArray(D, a, ao + j);
            DoubleVector z = DoubleVector.fromArray(D, a, ao + k);
            DoubleVector n = DoubleVector.fromArray(D, a, ao + m);
            DoubleVector d = DoubleVector.fromArray(D, gradState, gso + j);
            DoubleVector dn = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            DoubleVector dz = d.mul(DoubleVector.fromArray(D, state, prev + j).sub(n))
                    .mul(z)
                    .mul(one.sub(z));
            DoubleVector dr = dn.mul(DoubleVector.fromArray(D, newGateHidden, nho + j))
                    .mul(r)
                    .mul(one.sub(r));
            dr.intoArray(dx, xo + j);
            dz.intoArray(dx, xo + k);
            dn.intoArray(dx, xo + m);
            dr.intoArray(dh, dho + j);
            dz.intoArray(dh, dho + k);
            dn.mul(r).intoArray(dh, dho + m);
            d.mul(z).intoArray(gradState, gso + j);
        }
        return whole;
    }

    static int lstmBackward(
            int h,
            double[] a,
            int ao,
            double[] cell,
            int prev,
            double[] cellTanh,
            int cto,
            double[] gradState,
            double[] gradCell,
            int gso,
            double[] dx,
            int xo,
            double[] dh,
            int dho) {
        int whole = D.loopBound(h);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector zero = DoubleVector.zero(D);
        for (int j = 0; j < whole; j += D.length()) {
            int k = h + j;
            int m = 2 * h + j;
            int q = 3 * h + j;
            DoubleVector i = DoubleVector.fromArray(D, a, ao + j);
            DoubleVector f = DoubleVector.fromArray(D, a, ao + k);
            DoubleVector g = DoubleVector.fromArray(D, a, ao + m);
            DoubleVector o = DoubleVector.fromArray(D, a, ao + q);
            DoubleVector tc = DoubleVector.fromArray(D, cellTanh, cto + j);
            DoubleVector d = DoubleVector.fromArray(D, gradState, gso + j);
            DoubleVector dc =
                    DoubleVector.fromArray(D, gradCell, gso + j).add(d.mul(o).mul(one.sub(tc.mul(tc))));
            DoubleVector di = dc.mul(g).mul(i).mul(one.sub(i));
            DoubleVector df =
                    dc.mul(DoubleVector.fromArray(D, cell, prev + j)).mul(f).mul(one.sub(f));
            DoubleVector dg = dc.mul(i).mul(one.sub(g.mul(g)));
            DoubleVector dout = d.mul(tc).mul(o).mul(one.sub(o));
            di.intoArray(dx, xo + j);
            df.intoArray(dx, xo + k);
            dg.intoArray(dx, xo + m);
            dout.intoArray(dx, xo + q);
            di.intoArray(dh, dho + j);
            df.intoArray(dh, dho + k);
            dg.intoArray(dh, dho + m);
            dout.intoArray(dh, dho + q);
            dc.mul(f).intoArray(gradCell, gso + j);
            zero.intoArray(gradState, gso + j);
        }
        return whole;
    }

    static int preActivations(
            int n, float[] x, int xo, float[] g, int go, float[] bi, int bio, float[] bh, int bho, float[] a, int ao) {
        int whole = F.loopBound(n);
        for (int j = 0; j < whole; j += F.length()) {
            FloatVector.fromArray(F, x, xo + j)
                    .add(FloatVector.fromArray(F, bi, bio + j))
                    .add(FloatVector.fromArray(F, g, go + j).add(FloatVector.fromArray(F, bh, bho + j)))
                    .intoArray(a, ao + j);
        }
        return whole;
    }

    static int gruBackward(
            int h,
            float[] a,
            int ao,
            float[] state,
            int prev,
            float[] newGateHidden,
            int nho,
            float[] gradState,
            int gso,
            float[] dx,
            int xo,
            float[] dh,
            int dho) {
        int whole = F.loopBound(h);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int j = 0; j < whole; j += F.length()) {
            int k = h + j;
            int m = 2 * h + j;
            FloatVector r = FloatVector.fromArray(F, a, ao + j);
            FloatVector z = FloatVector.fromArray(F, a, ao + k);
            FloatVector n = FloatVector.fromArray(F, a, ao + m);
            FloatVector d = FloatVector.fromArray(F, gradState, gso + j);
            FloatVector dn = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dz = d.mul(FloatVector.fromArray(F, state, prev + j).sub(n))
                    .mul(z)
                    .mul(one.sub(z));
            FloatVector dr = dn.mul(FloatVector.fromArray(F, newGateHidden, nho + j))
                    .mul(r)
                    .mul(one.sub(r));
            dr.intoArray(dx, xo + j);
            dz.intoArray(dx, xo + k);
            dn.intoArray(dx, xo + m);
            dr.intoArray(dh, dho + j);
            dz.intoArray(dh, dho + k);
            dn.mul(r).intoArray(dh, dho + m);
            d.mul(z).intoArray(gradState, gso + j);
        }
        return whole;
    }

    static int lstmBackward(
            int h,
            float[] a,
            int ao,
            float[] cell,
            int prev,
            float[] cellTanh,
            int cto,
            float[] gradState,
            float[] gradCell,
            int gso,
            float[] dx,
            int xo,
            float[] dh,
            int dho) {
        int whole = F.loopBound(h);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector zero = FloatVector.zero(F);
        for (int j = 0; j < whole; j += F.length()) {
            int k = h + j;
            int m = 2 * h + j;
            int q = 3 * h + j;
            FloatVector i = FloatVector.fromArray(F, a, ao + j);
            FloatVector f = FloatVector.fromArray(F, a, ao + k);
            FloatVector g = FloatVector.fromArray(F, a, ao + m);
            FloatVector o = FloatVector.fromArray(F, a, ao + q);
            FloatVector tc = FloatVector.fromArray(F, cellTanh, cto + j);
            FloatVector d = FloatVector.fromArray(F, gradState, gso + j);
            FloatVector dc =
                    FloatVector.fromArray(F, gradCell, gso + j).add(d.mul(o).mul(one.sub(tc.mul(tc))));
            FloatVector di = dc.mul(g).mul(i).mul(one.sub(i));
            FloatVector df =
                    dc.mul(FloatVector.fromArray(F, cell, prev + j)).mul(f).mul(one.sub(f));
            FloatVector dg = dc.mul(i).mul(one.sub(g.mul(g)));
            FloatVector dout = d.mul(tc).mul(o).mul(one.sub(o));
            di.intoArray(dx, xo + j);
            df.intoArray(dx, xo + k);
            dg.intoArray(dx, xo + m);
            dout.intoArray(dx, xo + q);
            di.intoArray(dh, dho + j);
            df.intoArray(dh, dho + k);
            dg.intoArray(dh, dho + m);
            dout.intoArray(dh, dho + q);
            dc.mul(f).intoArray(gradCell, gso + j);
            zero.intoArray(gradState, gso + j);
        }
        return whole;
    }
}
