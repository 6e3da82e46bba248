namespace EdgeMer.Gpio.Tests;

public sealed class GpioChipsTests
{
    [Fact]
    public void A_machine_without_gpio_chips_reports_none()
    {
        DirectoryInfo dev = Directory.CreateTempSubdirectory("edgemer-dev-");
        try
        {
            File.WriteAllText(Path.Combine(dev.FullName, "video0"), string.Empty);

            Assert.Empty(GpioChips.Probe(dev.FullName));
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }

    [Fact]
    public void Each_gpiochip_node_is_reported_by_number_with_whether_it_opens()
    {
        DirectoryInfo dev = Directory.CreateTempSubdirectory("edgemer-dev-");
        try
        {
            File.WriteAllText(Path.Combine(dev.FullName, "gpiochip4"), string.Empty);
            File.WriteAllText(Path.Combine(dev.FullName, "gpiochip0"), string.Empty);
            File.WriteAllText(Path.Combine(dev.FullName, "gpiochipX"), string.Empty);

            IReadOnlyList<GpioChipReport> chips = GpioChips.Probe(dev.FullName);

            Assert.Equal([0, 4], chips.Select(c => c.Number));
            Assert.All(chips, c => Assert.True(c.CanOpen, c.Problem));
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }

    [Fact]
    public void Opening_a_chip_the_machine_lacks_names_the_chip()
    {
        var e = Assert.Throws<GpioUnavailableException>(() => GpioChips.OpenDriver(97));

        Assert.Contains("GPIO chip 97 (/dev/gpiochip97) does not exist", e.Message, StringComparison.Ordinal);
    }
}
