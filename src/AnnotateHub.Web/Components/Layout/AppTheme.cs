using MudBlazor;

namespace AnnotateHub.Web.Components.Layout;

/// <summary>
/// The one MudBlazor theme: a newsroom palette (ink app bar, blue actions, amber accent) in a light and a dark variant,
/// and the system font stack (no web font: the Content-Security-Policy serves fonts from this origin only). The text
/// and card core (app.css) takes its highlight and status colours from the --ah-* variables, which app.css defines
/// for both modes under html[data-theme].
/// </summary>
public static class AppTheme
{
    /// <summary>The cookie that remembers a reader's choice: "light" or "dark"; absent means "follow the system".</summary>
    public const string PreferenceCookie = "ah-theme";

    /// <summary>The cookie app.js keeps with the system's last seen preference ("dark" or "light"), so the first
    /// server render already has the right mode when the reader follows the system.</summary>
    public const string SystemCookie = "ah-os-theme";

    private static readonly string[] FontStack =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            PrimaryContrastText = "#ffffff",
            Secondary = "#b45309",
            SecondaryContrastText = "#ffffff",
            Tertiary = "#6b21a8",
            AppbarBackground = "#111827",
            AppbarText = "#f9fafb",
            Background = "#f9fafb",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            TextPrimary = "#111827",
            TextSecondary = "#4b5563",
            Success = "#15803d",
            Error = "#b91c1c",
            Warning = "#92400e",
            Info = "#1d4ed8",
            LinesDefault = "#e5e7eb",
            ActionDefault = "#374151",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#93c5fd",
            PrimaryContrastText = "#0b1220",
            Secondary = "#fbbf24",
            SecondaryContrastText = "#0b1220",
            Tertiary = "#d8b4fe",
            AppbarBackground = "#020617",
            AppbarText = "#e5e7eb",
            Background = "#0f172a",
            Surface = "#1e293b",
            DrawerBackground = "#111827",
            DrawerText = "#e5e7eb",
            TextPrimary = "#e5e7eb",
            TextSecondary = "#cbd5e1",
            Success = "#4ade80",
            Error = "#fca5a5",
            Warning = "#fcd34d",
            Info = "#93c5fd",
            LinesDefault = "#334155",
            ActionDefault = "#cbd5e1",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H1 = new H1Typography { FontFamily = FontStack, FontSize = "1.5rem", FontWeight = "600", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = FontStack, FontSize = "1.25rem", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = FontStack, FontSize = "1.1rem", FontWeight = "600", LineHeight = "1.3" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };

    /// <summary>True, false, or null (follow the system) from the request's cookies.</summary>
    public static bool? InitialDarkMode(IRequestCookieCollection cookies) =>
        cookies[PreferenceCookie] switch
        {
            "dark" => true,
            "light" => false,
            _ => cookies[SystemCookie] switch { "dark" => true, "light" => false, _ => null },
        };

    /// <summary>The reader's explicit choice, or null when they follow the system.</summary>
    public static bool? ExplicitChoice(IRequestCookieCollection cookies) =>
        cookies[PreferenceCookie] switch { "dark" => true, "light" => false, _ => null };
}
