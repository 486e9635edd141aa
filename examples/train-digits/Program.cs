using Microsoft.ML;
using Microsoft.ML.Data;
using Tessera;
using Tessera.MLNet;
using TrainDigits;

// The dataset commit this build pinned (the TensorDataset item in TrainDigits.csproj): every run
// trains on exactly that data, whatever is committed to the repository since.
using var repo = TensorDatasets.Digits.OpenRepository();
var dataset = TensorDatasets.Digits.Checkout(repo);
string images = TensorDatasets.Digits.DigitsImages.Path, labels = TensorDatasets.Digits.DigitsLabels.Path;
Console.WriteLine($"Dataset '{TensorDatasets.Digits.Name}' at commit {dataset.Commit.ShortId}: {TensorDatasets.Digits.DigitsImages.Count} images of {string.Join('x', TensorDatasets.Digits.DigitsImages.Shape)} pixels.");
// The splits attribute of /digits, e.g. {"train": "0:2500", "test": "2500:3000"}, names the key ranges.
var train = KeySelection.Split("train");
var test = KeySelection.Split("test");

// 1. ML.NET: a multiclass trainer reads the pinned commit through an IDataView.
var ml = new MLContext(seed: 1);
var columns = new DataViewOptions
{
    Columns = [images, labels],
    Names = new Dictionary<string, string> { [images] = "Pixels", [labels] = "Digit" },
};
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Digit")
    .Append(ml.Transforms.Conversion.ConvertType("Features", "Pixels", DataKind.Single))
    .Append(ml.Transforms.NormalizeMinMax("Features"))
    .AppendCacheCheckpoint(ml)
    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
var model = pipeline.Fit(dataset.ToDataView(columns with { Keys = train }));
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(dataset.ToDataView(columns with { Keys = test })));
Console.WriteLine($"ML.NET SdcaMaximumEntropy held-out accuracy: {metrics.MicroAccuracy:F4}");

// 2. The same task by hand: softmax regression on the data loader's batches (shuffled anew every epoch).
var loader = new DataLoader(dataset, new DataLoaderOptions { Columns = [images, labels], Keys = train, BatchSize = 64, Shuffle = true, Seed = 1 });
var classifier = new SoftmaxRegression(inputs: 28 * 28, classes: 10);
for (int epoch = 0; epoch < 8; epoch++)
{
    double loss = 0;
    foreach (var batch in loader.Epoch(epoch))
        loss += classifier.Step(batch.Span<byte>(images), batch.Span<long>(labels), learningRate: 0.5f) * batch.Count;
    Console.WriteLine($"  epoch {epoch}: {loader.BatchesPerEpoch} batches, mean loss {loss / loader.SamplesPerEpoch:F4}");
}
var held = new DataLoader(dataset, new DataLoaderOptions { Columns = [images, labels], Keys = test, BatchSize = 256 });
int right = held.Epoch().Sum(batch => classifier.CountCorrect(batch.Span<byte>(images), batch.Span<long>(labels)));
Console.WriteLine($"Softmax regression on DataLoader batches held-out accuracy: {(double)right / held.SamplesPerEpoch:F4}");
