namespace AnnotateHub.Runtime;

/// <summary>
/// The activation whose constructor or lifecycle method is running on this thread (Orleans: <c>RuntimeContext.Current</c>).
/// Set only around synchronous runtime-driven code: grain construction, OnActivateAsync, OnDeactivateAsync.
/// </summary>
internal static class RuntimeContext
{
    [ThreadStatic]
    private static GrainActivation? _current;

    public static GrainActivation? Current => _current;

    public static GrainActivation? Enter(GrainActivation activation)
    {
        var previous = _current;
        _current = activation;
        return previous;
    }

    public static void Exit(GrainActivation? previous) => _current = previous;
}
