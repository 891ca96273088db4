namespace AnnotateHub.Runtime;

/// <summary>
/// Marker for grain interfaces (Orleans: <c>Orleans.IGrain</c>). Every method of a grain interface must
/// return <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.
/// </summary>
public interface IGrain : IAddressable;
