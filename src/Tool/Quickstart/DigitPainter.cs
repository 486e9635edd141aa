namespace Tessera.Tool.Quickstart;

/// <summary>
/// Draws 28×28 uint8 images of handwritten-looking digits, MNIST-style: each digit is a few pen
/// strokes in a unit box, randomly tilted, scaled, shifted and thickened, then rasterized with
/// soft edges. Deterministic for a given <see cref="Random"/> seed.
/// </summary>
internal static class DigitPainter
{
    public const int Size = 28;

    private static readonly string[] Names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static readonly (double X, double Y)[][][] Strokes =
    [
        [Ellipse(0.5, 0.5, 0.24, 0.36)],
        [[(0.35, 0.25), (0.52, 0.1), (0.52, 0.9)]],
        [[(0.25, 0.3), (0.35, 0.15), (0.55, 0.1), (0.72, 0.2), (0.72, 0.38), (0.25, 0.9), (0.78, 0.9)]],
        [[(0.25, 0.15), (0.7, 0.15), (0.45, 0.45), (0.7, 0.6), (0.7, 0.8), (0.5, 0.9), (0.25, 0.85)]],
        [[(0.62, 0.9), (0.62, 0.1), (0.2, 0.65), (0.8, 0.65)]],
        [[(0.75, 0.1), (0.3, 0.1), (0.27, 0.45), (0.55, 0.4), (0.72, 0.55), (0.7, 0.8), (0.5, 0.9), (0.25, 0.85)]],
        [[(0.7, 0.12), (0.45, 0.2), (0.3, 0.45), (0.28, 0.7), (0.4, 0.88), (0.6, 0.88), (0.72, 0.72), (0.65, 0.55), (0.45, 0.5), (0.3, 0.6)]],
        [[(0.2, 0.1), (0.8, 0.1), (0.4, 0.9)]],
        [Ellipse(0.5, 0.3, 0.2, 0.18), Ellipse(0.5, 0.69, 0.24, 0.21)],
        [Ellipse(0.48, 0.32, 0.2, 0.2), [(0.68, 0.35), (0.6, 0.9)]],
    ];

    public static string Name(int digit) => Names[digit];

    /// <summary>One image of <paramref name="digit"/> and a caption describing how it was drawn.</summary>
    public static (byte[] Pixels, string Caption) Draw(int digit, Random random)
    {
        double angle = (random.NextDouble() - 0.5) * 0.4;
        double scale = 0.8 + (random.NextDouble() * 0.2);
        double dx = (random.NextDouble() - 0.5) * 0.1;
        double dy = (random.NextDouble() - 0.5) * 0.1;
        double pen = 0.045 + (random.NextDouble() * 0.04);
        var segments = new List<(double X1, double Y1, double X2, double Y2)>();
        foreach (var stroke in Strokes[digit])
        {
            var points = stroke.Select(p => Transform(p, angle, scale, dx, dy)).ToArray();
            for (int i = 1; i < points.Length; i++)
                segments.Add((points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y));
        }
        var pixels = new byte[Size * Size];
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                double x = (col + 0.5) / Size, y = (row + 0.5) / Size;
                double d = segments.Min(s => Distance(x, y, s));
                double ink = Math.Clamp(1 - ((d - pen) * Size), 0, 1);
                pixels[(row * Size) + col] = (byte)Math.Round(ink * 255);
            }
        }
        string weight = pen < 0.06 ? "thin" : pen > 0.075 ? "bold" : "neat";
        string tilt = angle > 0.08 ? ", leaning right" : angle < -0.08 ? ", leaning left" : "";
        return (pixels, $"a {weight} {Names[digit]}{tilt}");
    }

    private static (double X, double Y) Transform((double X, double Y) p, double angle, double scale, double dx, double dy)
    {
        double x = (p.X - 0.5) * scale, y = (p.Y - 0.5) * scale;
        return ((x * Math.Cos(angle)) - (y * Math.Sin(angle)) + 0.5 + dx, (x * Math.Sin(angle)) + (y * Math.Cos(angle)) + 0.5 + dy);
    }

    private static double Distance(double x, double y, (double X1, double Y1, double X2, double Y2) s)
    {
        double vx = s.X2 - s.X1, vy = s.Y2 - s.Y1;
        double t = Math.Clamp((((x - s.X1) * vx) + ((y - s.Y1) * vy)) / ((vx * vx) + (vy * vy)), 0, 1);
        double px = s.X1 + (t * vx) - x, py = s.Y1 + (t * vy) - y;
        return Math.Sqrt((px * px) + (py * py));
    }

    private static (double X, double Y)[] Ellipse(double cx, double cy, double rx, double ry) =>
        Enumerable.Range(0, 25).Select(i => (cx + (rx * Math.Cos(i * Math.PI / 12)), cy + (ry * Math.Sin(i * Math.PI / 12)))).ToArray();
}
