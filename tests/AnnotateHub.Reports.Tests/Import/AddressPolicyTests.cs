using System.Net;

namespace AnnotateHub.Reports.Tests;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "unspecified (this network)")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("2001:db8::1", "documentation")]
    public void GivenANonPublicAddress_ThenItIsRefusedWithItsReason(string address, string reason)
    {
        Assert.Equal(reason, AddressPolicy.NonPublicReason(IPAddress.Parse(address)));
        Assert.False(AddressPolicy.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void GivenAPublicAddress_ThenItIsAllowed(string address)
    {
        Assert.Null(AddressPolicy.NonPublicReason(IPAddress.Parse(address)));
    }
}
