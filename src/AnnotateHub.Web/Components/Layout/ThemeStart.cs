namespace AnnotateHub.Web.Components.Layout;

/// <summary>
/// What the first render knows of the reader's colour mode, read from cookies by App.razor: <see cref="Dark"/> is the
/// mode to start in (null: not known yet, light until the browser says), <see cref="Explicit"/> the reader's own choice
/// (null: follow the system).
/// </summary>
public sealed record ThemeStart(bool? Dark, bool? Explicit);
