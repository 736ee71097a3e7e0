package org.learnbench.nn;

import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;

/**
 * Weight initialisation schemes, scaled by the gain of the activation that follows the layer.
 *
 * <p>Xavier/Glorot (Glorot &amp; Bengio 2010): uniform bound gain*sqrt(6/(fan_in+fan_out)), normal sd
 * gain*sqrt(2/(fan_in+fan_out)). He/Kaiming (He et al. 2015): uniform bound gain*sqrt(3/fan_in), normal
 * sd gain/sqrt(fan_in). These match torch.nn.init with mode fan_in.
 *
 * <p>A dense layer's fans are its weight matrix's rows and columns; a convolution's are those of
 * torch.nn.init._calculate_fan_in_and_fan_out, in_channels*kh*kw and out_channels*kh*kw (see {@link
 * #initialize(Matrix, int, int, double, RandomGenerator)}).
 */
public enum Initializer {
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL;

    /** Fills a fan_in x fan_out weight matrix. */
    public void initialize(Matrix weights, double gain, RandomGenerator random) {
        initialize(weights, weights.rows(), weights.cols(), gain, random);
    }

    /**
     * Fills weights of any layout with the given fans, drawing in storage order: for a convolution's out x
     * (in*kh*kw) kernel matrix, fanIn = in*kh*kw and fanOut = out*kh*kw.
     */
    public void initialize(Matrix weights, int fanIn, int fanOut, double gain, RandomGenerator random) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fans must be >= 1, got fan_in " + fanIn + ", fan_out " + fanOut);
        }
        switch (this) {
            case XAVIER_UNIFORM -> {
                double bound = gain * Math.sqrt(6.0 / (fanIn + fanOut));
                weights.fillUniform(random, -bound, bound);
            }
            case XAVIER_NORMAL -> weights.fillGaussian(random, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
            case HE_UNIFORM -> {
                double bound = gain * Math.sqrt(3.0 / fanIn);
                weights.fillUniform(random, -bound, bound);
            }
            case HE_NORMAL -> weights.fillGaussian(random, 0, gain / Math.sqrt(fanIn));
        }
    }

    /** The conventional choice for an activation: He for ReLU, Xavier otherwise (both uniform). */
    public static Initializer defaultFor(Activation activation) {
        return activation == Activation.RELU ? HE_UNIFORM : XAVIER_UNIFORM;
    }
}
