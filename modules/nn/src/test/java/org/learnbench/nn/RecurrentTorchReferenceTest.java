package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Forward values and gradients of the GRU and LSTM layers against PyTorch's torch.nn.GRU and torch.nn.LSTM:
 * all per-step outputs of full sequences, and the last state of a batch whose second sequence is one step
 * shorter (torch packs it with pack_padded_sequence; here its last step is a masked padding step). The
 * expected values were computed by torch 1.13.0a0 (Debian's python3-torch 1.13.1+dfsg-4, CPU, float64) with
 * this script, run with LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread as {@link
 * TorchReferenceTest}'s; its inputs and parameters are exact binary fractions that {@link #values} rebuilds
 * here, so no test needs Python:
 *
 * <pre>
 * import torch
 * torch.set_default_dtype(torch.float64)
 * def vals(n, a, m, c, d):  # ((i*a) % m - c) / d: exact binary fractions
 *     return torch.tensor([((i * a) % m - c) / d for i in range(n)])
 * def show(name, t):
 *     print(name, "=", ", ".join(repr(v) for v in t.flatten().tolist()))
 * print("torch", torch.__version__)
 * # B=2 sequences of T=3 steps of D=3 features, H=2 hidden units
 * for name, cls, gates in [("gru", torch.nn.GRU, 3), ("lstm", torch.nn.LSTM, 4)]:
 *     D, H, B, T = 3, 2, 2, 3
 *     m = cls(D, H, batch_first=True)
 *     with torch.no_grad():
 *         m.weight_ih_l0.copy_(vals(gates*H*D, 13, 17, 8, 16).reshape(gates*H, D))
 *         m.weight_hh_l0.copy_(vals(gates*H*H, 7, 19, 9, 16).reshape(gates*H, H))
 *         m.bias_ih_l0.copy_(vals(gates*H, 5, 11, 5, 8))
 *         m.bias_hh_l0.copy_(vals(gates*H, 3, 7, 3, 8))
 *     # (a) full sequences, per-step outputs, loss sum(out * r)
 *     x = vals(B*T*D, 37, 23, 11, 8).reshape(B, T, D).requires_grad_()
 *     out, _ = m(x)
 *     r = vals(out.numel(), 7, 11, 5, 4).reshape(out.shape)
 *     (out * r).sum().backward()
 *     show(name + "_seq_out", out); show(name + "_seq_dx", x.grad)
 *     show(name + "_seq_dwih", m.weight_ih_l0.grad); show(name + "_seq_dwhh", m.weight_hh_l0.grad)
 *     show(name + "_seq_dbih", m.bias_ih_l0.grad); show(name + "_seq_dbhh", m.bias_hh_l0.grad)
 *     m.zero_grad()
 *     # (b) lengths 3 and 2 (the second sequence's last step is padding), last state h_n, loss sum(h_n * r)
 *     x = vals(B*T*D, 37, 23, 11, 8).reshape(B, T, D).requires_grad_()
 *     packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor([3, 2]), batch_first=True)
 *     _, state = m(packed)
 *     hn = (state[0] if name == "lstm" else state)[0]
 *     r = vals(hn.numel(), 7, 11, 5, 4).reshape(hn.shape)
 *     (hn * r).sum().backward()
 *     show(name + "_last_out", hn); show(name + "_last_dx", x.grad)
 *     show(name + "_last_dwih", m.weight_ih_l0.grad); show(name + "_last_dwhh", m.weight_hh_l0.grad)
 *     show(name + "_last_dbih", m.bias_ih_l0.grad); show(name + "_last_dbhh", m.bias_hh_l0.grad)
 * </pre>
 *
 * The loss is sum(output * r), so the backward pass starts from dL/d(output) = r. Torch stores weight_ih_l0
 * as G*H x D and weight_hh_l0 as G*H x H; this layer's W_ih and W_hh are their transposes (same gate order).
 */
class RecurrentTorchReferenceTest {
    private static final double TOLERANCE = 1e-12;
    private static final double FLOAT_TOLERANCE = 2e-6;
    private static final int D = 3;
    private static final int H = 2;
    private static final int B = 2;
    private static final int T = 3;

    private static final double[] GRU_SEQ_OUT = {
        0.19974843013785248,
        -0.05533277264405817,
        0.14362316033872857,
        0.12029164778009266,
        0.21016078247130668,
        -0.3304854291397303,
        0.041934212195517434,
        -0.26249350259445703,
        0.3404136630194434,
        -0.4474244891244229,
        0.5105090286705325,
        -0.29404793267162027
    };

    private static final double[] GRU_SEQ_DX = {
        0.09208629129884537,
        -0.24071100485632632,
        -0.44914742840172606,
        -0.02156569553965521,
        -0.13302441358392042,
        -0.20373223645273345,
        -0.09211156375677094,
        0.05936797190599348,
        0.1490007393274272,
        0.0011434495342592375,
        -0.00917331068279803,
        -0.07511334034286912,
        0.08355767166621202,
        -0.12041275123883216,
        -0.22697185470601033,
        0.0417186284659995,
        0.20032022624681475,
        0.371577646436813
    };

    private static final double[] GRU_SEQ_DWIH = {
        0.017760047248207726,
        -0.017873574788444608,
        0.014720799992312798,
        0.05944275881868621,
        -0.02710436793086885,
        0.06305910951219794,
        -0.4702498255727848,
        0.4302610684278755,
        -0.13823204358972552,
        -0.27532554404551335,
        0.1782055492386859,
        -0.0633864971083521,
        0.2511228724286108,
        -0.2671393952225889,
        0.2752756738245772,
        0.09895831706053249,
        -0.18786707769799804,
        -0.7906159094121208
    };

    private static final double[] GRU_SEQ_DWHH = {
        -0.0012210937258939607,
        0.003558103715173562,
        -0.0053222750322614865,
        0.009251675539930141,
        0.015786686574962874,
        -0.07937796314011827,
        -0.015874495711018576,
        -0.053105601816955825,
        -0.00409705245939442,
        0.015519470140514344,
        -0.12404232232368353,
        0.12978431946499652
    };

    private static final double[] GRU_SEQ_DBIH = {
        -0.016257081013133296,
        -0.0669452748747198,
        0.46498108474636346,
        -0.08274207174709466,
        -0.1991200733419899,
        0.3785787657331353
    };

    private static final double[] GRU_SEQ_DBHH = {
        -0.016257081013133293,
        -0.0669452748747198,
        0.4649810847463634,
        -0.08274207174709466,
        -0.09648850260212052,
        0.08784136464579062
    };

    private static final double[] GRU_LAST_OUT = {
        0.21016078247130668, -0.3304854291397303, 0.3404136630194434, -0.4474244891244229
    };

    private static final double[] GRU_LAST_DX = {
        0.04064737795605455,
        -0.0657112643180616,
        -0.09204286434374462,
        0.03621981577805365,
        -0.09702552007132602,
        -0.06825887022574656,
        0.16820509782355966,
        -0.19991872326842927,
        -0.1935922281668857,
        0.055059737925072,
        -0.09516305239331267,
        -0.1617472351737621,
        0.07003688858109172,
        -0.12362316338950484,
        -0.2906329027265299,
        0.0,
        0.0,
        0.0
    };

    private static final double[] GRU_LAST_DWIH = {
        -0.007560257942376536,
        0.010060176451610801,
        -0.008502584561981845,
        0.003016949087946387,
        0.005118142474455036,
        -0.01342373337179901,
        -0.2115209942265263,
        0.12119239287568173,
        0.05215219315203298,
        -0.023974719605246192,
        0.009889221256914715,
        0.18005707689757885,
        -0.20201084415400095,
        0.26334346971967065,
        -0.20664045300097597,
        -0.1516909679367361,
        0.21726553962637704,
        0.2256411818685376
    };

    private static final double[] GRU_LAST_DWHH = {
        -0.0038660516460409687,
        -0.0008357202237580519,
        -0.002621429717966154,
        0.0023386787290737426,
        0.003941229457396344,
        -0.01632821719155535,
        0.014028101083922004,
        -0.012925481515516426,
        -0.014392898113190953,
        -0.002724583704330553,
        0.02926072589990756,
        -0.043312185772518094
    };

    private static final double[] GRU_LAST_DBIH = {
        -0.034366672472686814,
        -0.043415158029814035,
        0.2308323070825298,
        0.2272119692413439,
        -0.6930750872591804,
        1.027627728595236
    };

    private static final double[] GRU_LAST_DBHH = {
        -0.03436667247268681,
        -0.04341515802981404,
        0.2308323070825298,
        0.2272119692413439,
        -0.15326888168670832,
        0.5329281467990368
    };

    private static final double[] LSTM_SEQ_OUT = {
        0.19462156070145495,
        -0.046177101583352975,
        0.2329788816334978,
        0.005709434035040074,
        0.19040296932518763,
        -0.100449196512538,
        0.040448908100481525,
        -0.07942797775986048,
        0.2367157461705036,
        -0.19226694754101753,
        0.32091343274399287,
        -0.13382079773541036
    };

    private static final double[] LSTM_SEQ_DX = {
        0.09424999241866398,
        -0.1468165873446751,
        -0.09336142826630983,
        -0.0033228241639335016,
        -0.039177900340367486,
        -0.025299309015318436,
        -0.03347404991129422,
        0.03553209087811687,
        0.03899669186643062,
        -0.013647885592108987,
        0.02248270526714151,
        -0.010008927733904957,
        0.08027085896675229,
        -0.09673747011842722,
        -0.03158836779951946,
        -0.02624988501684245,
        0.06825636859111239,
        0.13989673253581475
    };

    private static final double[] LSTM_SEQ_DWIH = {
        0.3182972472470067,
        -0.26632483556515985,
        0.14568846925656156,
        0.013499998650970096,
        -0.014778766675910672,
        0.0033198543053307708,
        0.004647339290170379,
        -0.022285187989037544,
        0.02926760026464151,
        -0.04817348840590636,
        0.022529861248410436,
        -0.016218954475881255,
        0.15257832879657135,
        -0.14788484604076022,
        0.17536372451888937,
        0.05215465563955016,
        -0.07990849218702434,
        -0.12989212938794134,
        0.21254965795149022,
        -0.22698832923625362,
        0.15498455243784115,
        0.0002407231675804894,
        -0.0786300543444785,
        0.02187907055135896
    };

    private static final double[] LSTM_SEQ_DWHH = {
        -0.008530204992751471,
        0.014826226938232462,
        0.01627028950706611,
        -0.006475441583711652,
        -0.0026188746350968794,
        0.0029881546571534166,
        0.010181958437487499,
        -0.008364044173514619,
        -0.006739078915899133,
        0.006022629001400248,
        -0.049895156197507035,
        0.03578980324026208,
        -0.014604421922456128,
        0.016817082463952523,
        0.03267676221536643,
        -0.010845726246202229
    };

    private static final double[] LSTM_SEQ_DBIH = {
        -0.30329008325649254,
        0.025962824664464527,
        -0.020982074522278897,
        0.03160430868288183,
        -0.13672545002443737,
        -0.0058382489593829245,
        -0.2426270182785154,
        0.0618530079005683
    };

    private static final double[] LSTM_SEQ_DBHH = {
        -0.30329008325649254,
        0.02596282466446453,
        -0.020982074522278897,
        0.03160430868288183,
        -0.13672545002443734,
        -0.0058382489593829245,
        -0.2426270182785154,
        0.0618530079005683
    };

    private static final double[] LSTM_LAST_OUT = {
        0.19040296932518763, -0.100449196512538, 0.2367157461705036, -0.19226694754101753
    };

    private static final double[] LSTM_LAST_DX = {
        0.054699154021014364,
        -0.052187507499270445,
        -0.02158052161938122,
        0.02223793414601406,
        -0.03675491716803358,
        -0.013796360413548748,
        0.03806723182505212,
        -0.07355587786864796,
        -0.014741410606731394,
        0.013587823132706667,
        -0.029143050182011642,
        -0.06858074089789518,
        0.0688400603167792,
        -0.0734479134575896,
        -0.09750598939445171,
        0.0,
        0.0,
        0.0
    };

    private static final double[] LSTM_LAST_DWIH = {
        0.09426096383716502,
        -0.05237371419370377,
        -0.007175001558768763,
        0.037032906276061255,
        -0.06989231740735084,
        -0.043339307520675385,
        -0.04502753609336173,
        0.028390797289582263,
        -0.026846977937458938,
        0.02003237489942747,
        -0.05154586734849807,
        -0.003270590364869177,
        -0.0236984070572761,
        0.042467827988675794,
        0.01760537659911656,
        -0.03749469175377222,
        -0.0011264507953848849,
        0.10031127263155243,
        -0.019660897875639873,
        -0.0033149265678557444,
        -0.11229312060080013,
        0.04270424836455053,
        -0.13422195877167115,
        -0.05661180471935983
    };

    private static final double[] LSTM_LAST_DWHH = {
        -0.01812655186155943,
        0.004517129148380311,
        -0.006614366736190983,
        0.006459450678896064,
        -0.015888585550236575,
        0.0010747314966045524,
        -0.001641709780229746,
        0.0032940923542229533,
        -0.03141983867829397,
        0.0037697432597072656,
        0.01487299761211807,
        -0.009328403928075053,
        -0.024130736554898825,
        0.0032630789437004086,
        -0.013952811283190304,
        0.009656755295323623
    };

    private static final double[] LSTM_LAST_DBIH = {
        -0.20909776364348842,
        -0.12051475175379327,
        -0.07511288609203133,
        -0.041018635270751835,
        -0.23281304344500228,
        0.27508115825724005,
        -0.14432177744581082,
        -0.15992696853416336
    };

    private static final double[] LSTM_LAST_DBHH = {
        -0.20909776364348845,
        -0.12051475175379325,
        -0.07511288609203133,
        -0.041018635270751835,
        -0.23281304344500225,
        0.2750811582572401,
        -0.14432177744581082,
        -0.15992696853416336
    };

    /** ((i*a) % m - c) / d for i = 0..n-1, as the script's vals. */
    private static double[] values(int n, int a, int m, int c, int d) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (double) ((i * a) % m - c) / d;
        }
        return v;
    }

    /** Torch's rows x cols weight laid out as this layer's cols x rows. */
    private static double[] transposed(double[] torch, int rows, int cols) {
        double[] t = new double[torch.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = torch[i * cols + j];
            }
        }
        return t;
    }

    private static void expect(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }

    private static double[] slice(double[] all, int from, int length) {
        double[] s = new double[length];
        System.arraycopy(all, from, s, 0, length);
        return s;
    }

    private static double[][] expected(String cell, String mode) {
        boolean gru = cell.equals("gru");
        boolean seq = mode.equals("seq");
        if (gru) {
            return seq
                    ? new double[][] {GRU_SEQ_OUT, GRU_SEQ_DX, GRU_SEQ_DWIH, GRU_SEQ_DWHH, GRU_SEQ_DBIH, GRU_SEQ_DBHH}
                    : new double[][] {
                        GRU_LAST_OUT, GRU_LAST_DX, GRU_LAST_DWIH, GRU_LAST_DWHH, GRU_LAST_DBIH, GRU_LAST_DBHH
                    };
        }
        return seq
                ? new double[][] {LSTM_SEQ_OUT, LSTM_SEQ_DX, LSTM_SEQ_DWIH, LSTM_SEQ_DWHH, LSTM_SEQ_DBIH, LSTM_SEQ_DBHH}
                : new double[][] {
                    LSTM_LAST_OUT, LSTM_LAST_DX, LSTM_LAST_DWIH, LSTM_LAST_DWHH, LSTM_LAST_DBIH, LSTM_LAST_DBHH
                };
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru seq", "gru last", "lstm seq", "lstm last"})
    void matchesTorch(String which) {
        String cell = which.split(" ")[0];
        boolean seq = which.endsWith("seq");
        Recurrent.Cell kind = cell.equals("gru") ? Recurrent.Cell.GRU : Recurrent.Cell.LSTM;
        int gates = kind.gates();
        int gh = gates * H;
        // The last-state case is masked: sample 1 has 2 real steps, its third is padding.
        SequenceShape shape = new SequenceShape(T, D, !seq);
        Recurrent layer = new Recurrent(kind, shape, H, seq ? Recurrent.Output.SEQUENCE : Recurrent.Output.LAST, 0);
        int count = layer.parameterCount();
        double[] params = new double[count];
        double[] grads = new double[count];
        float[] paramsF = new float[count];
        float[] gradsF = new float[count];
        layer.bind(params, grads, 0);
        layer.bind(paramsF, gradsF, 0);
        System.arraycopy(transposed(values(gh * D, 13, 17, 8, 16), gh, D), 0, params, 0, D * gh);
        System.arraycopy(transposed(values(gh * H, 7, 19, 9, 16), gh, H), 0, params, D * gh, H * gh);
        System.arraycopy(values(gh, 5, 11, 5, 8), 0, params, (D + H) * gh, gh);
        System.arraycopy(values(gh, 3, 7, 3, 8), 0, params, (D + H + 1) * gh, gh);
        for (int i = 0; i < count; i++) {
            paramsF[i] = (float) params[i];
        }
        double[] features = values(B * T * D, 37, 23, 11, 8);
        int w = shape.stepWidth();
        Matrix x = Matrix.zeros(B, shape.size());
        for (int s = 0; s < B; s++) {
            for (int t = 0; t < T; t++) {
                boolean real = seq || s == 0 || t < 2;
                if (!seq) {
                    x.set(s, t * w, real ? 1.0 : 0.0);
                }
                for (int j = 0; j < D; j++) {
                    x.set(s, t * w + shape.featureOffset() + j, features[(s * T + t) * D + j]);
                }
            }
        }
        double[][] want = expected(cell, seq ? "seq" : "last");
        double[] rTorch = values(want[0].length, 7, 11, 5, 4);
        Matrix r = Matrix.zeros(B, layer.outputSize());
        for (int s = 0; s < B; s++) {
            for (int t = 0; t < (seq ? T : 1); t++) {
                for (int j = 0; j < H; j++) {
                    int at = seq ? t * H + j : j; // unmasked per-step outputs are H wide
                    r.set(s, at, rTorch[(s * (seq ? T : 1) + t) * H + j]);
                }
            }
        }
        MatrixOps ops = MatrixOps.withThreads(1);
        double[] out = layer.forward(Pass.inference(ops), x).toArray();
        double[] dx = layer.backward(ops, r).toArray();
        check(want, out, dx, grads, shape, gh, TOLERANCE, which);

        double[] outF = layer.forward(Pass.inference(ops), FloatMatrix.roundedFrom(x))
                .toMatrix()
                .toArray();
        double[] dxF =
                layer.backward(ops, FloatMatrix.roundedFrom(r)).toMatrix().toArray();
        double[] gradsWide = new double[count];
        for (int i = 0; i < count; i++) {
            gradsWide[i] = gradsF[i];
        }
        check(want, outF, dxF, gradsWide, shape, gh, FLOAT_TOLERANCE, which + " float32");
    }

    private static void check(
            double[][] want,
            double[] out,
            double[] dx,
            double[] grads,
            SequenceShape shape,
            int gh,
            double tol,
            String what) {
        expect(want[0], out, tol, what + " output");
        double[] features = new double[B * T * D];
        int w = shape.stepWidth();
        for (int p = 0; p < B * T; p++) {
            for (int j = 0; j < D; j++) {
                features[p * D + j] = dx[p * w + shape.featureOffset() + j];
            }
            if (shape.masked()) {
                assertEquals(0.0, dx[p * w], what + ": a flag has no gradient");
            }
        }
        expect(want[1], features, tol, what + " dx");
        expect(transposed(want[2], gh, D), slice(grads, 0, D * gh), tol, what + " dW_ih");
        expect(transposed(want[3], gh, H), slice(grads, D * gh, H * gh), tol, what + " dW_hh");
        expect(want[4], slice(grads, (D + H) * gh, gh), tol, what + " db_ih");
        expect(want[5], slice(grads, (D + H + 1) * gh, gh), tol, what + " db_hh");
    }
}
