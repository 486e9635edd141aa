using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tessera.Tool.Tests.Support;

/// <summary>One string the code builds: a literal, an interpolated string or a <c>+</c> chain of them, as C# parses it.</summary>
/// <param name="Text">The text, each interpolation hole (and each non-literal operand) as <see cref="SourceStrings.Hole"/>.</param>
public sealed record SourceString(string File, int Line, string Text)
{
    public override string ToString() => $"{this.File}:{this.Line}: {this.Text.Replace(SourceStrings.Hole, "{…}", StringComparison.Ordinal)}";
}

/// <summary>The strings of the C# files of a folder (bin/ and obj/ left out), parsed with Roslyn, not matched by regular expressions.</summary>
public static class SourceStrings
{
    /// <summary>Stands for a value only known at run time.</summary>
    public const string Hole = "\u0001";

    /// <summary>
    /// Every string of the files under <paramref name="folder"/>, except those inside a call that
    /// <paramref name="skipCall"/> accepts (given the called expression's text, e.g. arguments for another program).
    /// </summary>
    public static IEnumerable<SourceString> Read(string folder, Func<string, bool> skipCall)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                continue;
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var node in root.DescendantNodes().OfType<ExpressionSyntax>().Where(IsOutermostString))
            {
                if (node.Ancestors().Any(a => IsSkippedCall(a, skipCall)))
                    continue;
                var text = new StringBuilder();
                Append(text, node);
                yield return new SourceString(relative, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, text.ToString());
            }
        }
    }

    private static bool IsString(SyntaxNode node) =>
        node is InterpolatedStringExpressionSyntax
        || node.IsKind(SyntaxKind.StringLiteralExpression)
        || (node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add && (IsString(add.Left) || IsString(add.Right)));

    private static bool IsOutermostString(SyntaxNode node) =>
        IsString(node) && !(node.Parent is BinaryExpressionSyntax parent && IsString(parent)) && node.Parent is not InterpolationSyntax;

    private static bool IsSkippedCall(SyntaxNode node, Func<string, bool> skipCall) => node switch
    {
        InvocationExpressionSyntax call => skipCall(call.Expression.ToString()),
        BaseObjectCreationExpressionSyntax creation => creation is ObjectCreationExpressionSyntax named && skipCall(named.Type.ToString()),
        _ => false,
    };

    private static void Append(StringBuilder text, SyntaxNode node)
    {
        switch (node)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                text.Append(literal.Token.ValueText);
                break;
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                    text.Append(content is InterpolatedStringTextSyntax part ? part.TextToken.ValueText : Hole);
                break;
            case BinaryExpressionSyntax add when IsString(add):
                Append(text, add.Left);
                Append(text, add.Right);
                break;
            default:
                text.Append(Hole);
                break;
        }
    }
}
