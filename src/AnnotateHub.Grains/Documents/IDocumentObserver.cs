using AnnotateHub.Runtime;

namespace AnnotateHub.Grains;

/// <summary>Hears every accepted, durable change of a document, in order.</summary>
public interface IDocumentObserver : IGrainObserver
{
    Task OnDocumentChangedAsync(DocumentChange change);
}
