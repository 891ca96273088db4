using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace AnnotateHub.Runtime;

/// <summary>One observer interface method: a compiled invoker and what the reference returns to its caller.</summary>
internal sealed class ObserverMethod(string displayName, Func<object, object?[], Task> invoke, Type returnType)
{
    public string DisplayName { get; } = displayName;

    /// <summary>Calls the method on the observer object. Never throws.</summary>
    public Task Invoke(object target, object?[] args)
    {
        try
        {
            return invoke(target, args);
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <summary>What a call through the reference returns once the call is queued.</summary>
    public object? Accepted() =>
        returnType == typeof(Task) ? Task.CompletedTask : returnType == typeof(ValueTask) ? default(ValueTask) : null;

    /// <summary>What a call through a deleted or dropped reference returns (a void method throws).</summary>
    public object? Rejected(Exception exception) =>
        returnType == typeof(Task) ? Task.FromException(exception)
        : returnType == typeof(ValueTask) ? ValueTask.FromException(exception)
        : throw exception;
}

/// <summary>A validated observer interface: method invokers and a proxy factory. Shared by all runtimes.</summary>
internal sealed class ObserverInterfaceInfo
{
    private static readonly ConcurrentDictionary<Type, Lazy<ObserverInterfaceInfo>> Cache = new();
    private static readonly MethodInfo AsTaskMethod = typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!;

    private readonly Dictionary<MethodInfo, ObserverMethod> _methods = [];
    private readonly Func<object>? _proxyFactory;
    private readonly string? _error;

    private ObserverInterfaceInfo(Type interfaceType)
    {
        Type = interfaceType;
        Name = interfaceType.Name;
        Tag = new KeyValuePair<string, object?>("observer.type", Name);
        var problems = new List<string>();
        if (!interfaceType.IsInterface)
        {
            problems.Add($"{interfaceType.Name} is not an interface");
        }
        else
        {
            foreach (var method in InterfaceMethods.All(interfaceType))
            {
                var problem = InterfaceMethods.CommonProblem(method) ?? ReturnTypeProblem(method.ReturnType);
                if (problem is not null)
                {
                    problems.Add($"{InterfaceMethods.DisplayName(method)} {problem}");
                    continue;
                }

                var returnType = method.ReturnType;
                var invoke = InterfaceMethods.Compile<Func<object, object?[], Task>>(method, body =>
                    returnType == typeof(void) ? Expression.Block(body, Expression.Constant(Task.CompletedTask, typeof(Task)))
                    : returnType == typeof(ValueTask) ? Expression.Call(body, AsTaskMethod)
                    : body);
                _methods[method] = new ObserverMethod(InterfaceMethods.DisplayName(method), invoke, returnType);
            }
        }

        if (problems.Count > 0)
        {
            _error = $"{interfaceType.FullName} cannot be used as an observer interface: {string.Join("; ", problems)}.";
            return;
        }

        _proxyFactory = InterfaceMethods.ProxyFactory(interfaceType, typeof(ObserverProxy));
    }

    public Type Type { get; }

    public string Name { get; }

    public KeyValuePair<string, object?> Tag { get; }

    public static ObserverInterfaceInfo Get(Type interfaceType)
    {
        var info = Cache.GetOrAdd(interfaceType, static t => new Lazy<ObserverInterfaceInfo>(() => new ObserverInterfaceInfo(t))).Value;
        if (info._error is not null)
        {
            throw new InvalidOperationException(info._error);
        }

        return info;
    }

    public ObserverProxy CreateProxy() => (ObserverProxy)_proxyFactory!();

    public ObserverMethod GetMethod(MethodInfo method) =>
        _methods.TryGetValue(method, out var observerMethod)
            ? observerMethod
            : throw new InvalidOperationException($"{InterfaceMethods.DisplayName(method)} is not a method of observer interface {Name}.");

    private static string? ReturnTypeProblem(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void)
            ? null
            : $"returns {type.Name}; observer calls are one-way, so observer methods must return Task, ValueTask or void";
}
