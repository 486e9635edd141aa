namespace Tessera;
internal static class Placeholder { }
