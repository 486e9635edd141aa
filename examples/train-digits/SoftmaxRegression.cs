using System.Numerics.Tensors;

namespace TrainDigits;

/// <summary>
/// Multinomial logistic regression trained by mini-batch gradient descent: the smallest model that
/// shows a training loop. Inputs are uint8 pixels, scaled to 0..1.
/// </summary>
internal sealed class SoftmaxRegression(int inputs, int classes)
{
    private readonly float[] weights = new float[classes * inputs];
    private readonly float[] biases = new float[classes];

    /// <summary>One gradient step on a batch; returns its mean cross-entropy before the step.</summary>
    public double Step(ReadOnlySpan<byte> pixels, ReadOnlySpan<long> labels, float learningRate)
    {
        int count = labels.Length;
        var gradWeights = new float[this.weights.Length];
        var gradBiases = new float[classes];
        var x = new float[inputs];
        var p = new float[classes];
        double loss = 0;
        for (int i = 0; i < count; i++)
        {
            this.Forward(pixels.Slice(i * inputs, inputs), x, p);
            int label = (int)labels[i];
            loss -= Math.Log(Math.Max(p[label], 1e-12f));
            p[label] -= 1; // the gradient of the loss with respect to the logits
            for (int c = 0; c < classes; c++)
            {
                TensorPrimitives.MultiplyAdd(x, p[c], gradWeights.AsSpan(c * inputs, inputs), gradWeights.AsSpan(c * inputs, inputs));
                gradBiases[c] += p[c];
            }
        }
        TensorPrimitives.MultiplyAdd(gradWeights, -learningRate / count, this.weights, this.weights);
        TensorPrimitives.MultiplyAdd(gradBiases, -learningRate / count, this.biases, this.biases);
        return loss / count;
    }

    public int CountCorrect(ReadOnlySpan<byte> pixels, ReadOnlySpan<long> labels)
    {
        var x = new float[inputs];
        var p = new float[classes];
        int right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            this.Forward(pixels.Slice(i * inputs, inputs), x, p);
            right += TensorPrimitives.IndexOfMax<float>(p) == labels[i] ? 1 : 0;
        }
        return right;
    }

    /// <summary>Class probabilities <paramref name="p"/> of one image; <paramref name="x"/> receives its scaled pixels.</summary>
    private void Forward(ReadOnlySpan<byte> pixels, Span<float> x, Span<float> p)
    {
        for (int k = 0; k < inputs; k++)
            x[k] = pixels[k] / 255f;
        for (int c = 0; c < classes; c++)
            p[c] = TensorPrimitives.Dot(this.weights.AsSpan(c * inputs, inputs), x) + this.biases[c];
        TensorPrimitives.SoftMax(p, p);
    }
}
