namespace AnnotateHub.Runtime;

/// <summary>
/// Marker for anything that can be addressed through the grain runtime: grains and observers
/// (Orleans: <c>Orleans.Runtime.IAddressable</c>).
/// </summary>
public interface IAddressable;
