namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// What the linked browser helpers (<c>Browser.cs</c>) use of xunit's <c>Assert</c>, without xunit in the benchmark:
/// a failed wait is an exception, which ends the figure as a failure.
/// </summary>
internal static class Assert
{
    public static void Fail(string message) => throw new InvalidOperationException(message);
}
