using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Tessera.Tests.Support;

namespace Tessera.MLNet.Tests;

/// <summary>ML.NET's own pipelines and trainers, fed by a <see cref="TesseraDataView"/> of a commit.</summary>
public class TrainingTests
{
    private static readonly string[] Colors = ["red", "green", "blue"];
    private static readonly string[] PointColumns = ["/points/features", "/points/color"];

    [Fact]
    public void A_multiclass_pipeline_trains_on_the_train_split_of_a_commit_and_predicts_the_test_split()
    {
        using var t = new TempRepo();
        var commit = Points(t.Repo, 600, seed: 1);
        var view = t.Repo.Checkout(commit.Id.ToString());
        var ml = new MLContext(seed: 1);
        var train = view.ToDataView(new DataViewOptions { Columns = PointColumns, Keys = KeySelection.Split("train") });
        var test = view.ToDataView(new DataViewOptions { Columns = PointColumns, Keys = KeySelection.Split("test") });
        Assert.Equal(480, train.GetRowCount());
        Assert.Equal(120, test.GetRowCount());

        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "color")
            .Append(ml.Transforms.CopyColumns("Features", "features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedColor", "PredictedLabel"));
        var model = pipeline.Fit(train);
        var predictions = model.Transform(test);

        var metrics = ml.MulticlassClassification.Evaluate(predictions);
        Assert.True(metrics.MicroAccuracy >= 0.95, $"accuracy {metrics.MicroAccuracy}");
        var rows = ml.Data.CreateEnumerable<Prediction>(predictions, reuseRowObject: false).ToList();
        Assert.Equal(Enumerable.Range(480, 120).Select(i => (long)i), rows.Select(r => r.Key));
        Assert.True(rows.Count(r => r.PredictedColor == r.Color && r.Color == Colors[r.Key % 3]) >= 114);
    }

    [Fact]
    public void Lbfgs_trains_on_byte_images_converted_to_floats_in_the_pipeline()
    {
        using var t = new TempRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            // 4x4 images with one bright row: the row is the label.
            var images = writer.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 4, 4));
            var labels = writer.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64));
            var random = new Random(3);
            var keys = Enumerable.Range(0, 200).Select(i => SampleKey.Of(i)).ToArray();
            var pixels = new byte[200 * 16];
            random.NextBytes(pixels);
            for (int i = 0; i < 200; i++)
            {
                for (int c = 0; c < 4; c++)
                    pixels[(i * 16) + ((i % 4) * 4) + c] = (byte)(200 + random.Next(56));
                for (int k = 0; k < 16; k++)
                    pixels[(i * 16) + k] = k / 4 == i % 4 ? pixels[(i * 16) + k] : (byte)(pixels[(i * 16) + k] % 120);
            }
            images.AddRange<byte>(keys, pixels);
            labels.AddRange<long>(keys, keys.Select(k => k.Int % 4).ToArray());
            writer.Commit("bright rows");
        }
        var ml = new MLContext(seed: 2);
        var data = t.Repo.Checkout("HEAD").ToDataView(new DataViewOptions { Columns = ["/images", "/labels"], KeyColumn = null });
        var vector = Assert.IsType<VectorDataViewType>(data.Schema["images"].Type);
        Assert.Equal([4, 4], vector.Dimensions.ToArray());
        Assert.Equal(NumberDataViewType.Byte, vector.ItemType);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 2);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "labels")
            .Append(ml.Transforms.Conversion.ConvertType("Features", "images", DataKind.Single))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Assert.True(metrics.MicroAccuracy >= 0.95, $"accuracy {metrics.MicroAccuracy}");
    }

    /// <summary>
    /// Three clouds of 4-d points around different centres, colored by cloud (key % 3), with a
    /// split attribute: train 80%, test the rest.
    /// </summary>
    internal static Commit Points(Repository repo, int count, int seed)
    {
        using var writer = repo.OpenWriter();
        var features = writer.CreateColumn("/points/features", ColumnSchema.NDArray(DType.Float32, 4));
        var colors = writer.CreateColumn("/points/color", ColumnSchema.Str());
        var random = new Random(seed);
        float[][] centres = [[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]];
        var keys = Enumerable.Range(0, count).Select(i => SampleKey.Of(i)).ToArray();
        var values = new float[count * 4];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < 4; d++)
                values[(i * 4) + d] = centres[i % 3][d] + (float)(random.NextDouble() - 0.5);
        }
        features.AddRange<float>(keys, values);
        colors.AddStrings(keys, [.. keys.Select(k => Colors[k.Int % 3])]);
        int cut = count * 4 / 5;
        writer.SetAttribute("/points", "splits", new JsonObject { ["train"] = $"0:{cut}", ["test"] = $"{cut}:{count}" });
        return writer.Commit("points");
    }

    private sealed class Prediction
    {
        public long Key { get; set; }

        [ColumnName("color")]
        public string Color { get; set; } = "";

        public string PredictedColor { get; set; } = "";
    }
}
