namespace AnnotateHub.Runtime;

/// <summary>
/// A grain interface whose grains are identified by a string key (Orleans: <c>Orleans.IGrainWithStringKey</c>).
/// </summary>
public interface IGrainWithStringKey : IGrain;
