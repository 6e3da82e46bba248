namespace EdgeMer.Fusion;

/// <summary>
/// One alert condition of one person (or of the device): it fires once when the condition starts and
/// not again until the condition has cleared, so a driver who stays drowsy gets one alert, not one per
/// summary.
/// </summary>
internal struct Episode
{
    private bool _active;

    /// <summary>
    /// True the first time <paramref name="over"/> holds after the condition was clear; the episode
    /// then lasts until <paramref name="clear"/> holds (a lower level than <paramref name="over"/>, so
    /// a value hovering at the threshold does not fire over and over).
    /// </summary>
    public bool Update(bool over, bool clear)
    {
        if (!_active && over)
        {
            _active = true;
            return true;
        }

        if (_active && clear && !over)
        {
            _active = false;
        }

        return false;
    }

    public readonly bool Active => _active;
}
