using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>Free TCP ports for each test host's silo and gateway, so several hosts run side by side.</summary>
public static class FreePorts
{
    public static string Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
