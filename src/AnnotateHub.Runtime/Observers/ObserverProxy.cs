using System.Reflection;

namespace AnnotateHub.Runtime;

/// <summary>Base of the generated observer references: queues every call on its <see cref="ObserverReference"/>.</summary>
#pragma warning disable CA1852 // DispatchProxy derives from it at run time.
internal class ObserverProxy : DispatchProxy
#pragma warning restore CA1852
{
    public ObserverReference Reference { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Reference.Enqueue(Reference.Interface.GetMethod(targetMethod), args ?? []);
    }

    public override string ToString() => Reference.ToString();
}
