using EdgeMer.Affect;
using System.Globalization;
using System.Text;
using EdgeMer.Platform;
using EdgeMer.Messaging.Wire;

namespace EdgeMer.Tools.Listening;

/// <summary>
/// Draws a recording of summaries and alerts as one SVG timeline: the fused emotion distribution,
/// each modality's own distribution, valence/arousal, the states, paused stretches and alerts, on a
/// shared time axis. Plain SVG written by hand (no plotting package is available to EdgeMer).
/// </summary>
internal static class ListenTimelinePlot
{
    private const double Width = 1280;
    private const double Left = 150;
    private const double Right = 160;
    private const double Top = 56;
    private const double LaneGap = 26;
    private const double PlotWidth = Width - Left - Right;

    private static readonly string[] s_emotionColors = ["#d62728", "#8c564b", "#9467bd", "#e8b800", "#1f77b4", "#ff7f0e", "#a8a8a8"];
    private static readonly Modality[] s_modalities = [Modality.Face, Modality.Voice, Modality.Body];
    private static readonly string[] s_modalityNames = ["Face", "Voice", "Body"];
    private static readonly string[] s_modalityDash = ["6 3", "2 3", "10 3 2 3"];
    private static readonly string[] s_stateNames = ["drowsy", "distracted", "fatigued", "eyes closed", "yawning", "speaking", "walking"];

    public static string Render(IReadOnlyList<SummaryMessage> summaries, IReadOnlyList<AlertMessage> alerts, string title)
    {
        var ordered = new List<EmotionSummary>(summaries.Count);
        foreach (SummaryMessage message in summaries)
        {
            ordered.Add(message.Summary);
        }

        ordered.Sort((a, b) => a.Window.Start.CompareTo(b.Window.Start));
        DateTimeOffset origin = ordered.Count > 0 ? ordered[0].Window.Start : alerts.Count > 0 ? alerts[0].Alert.Time : DateTimeOffset.UnixEpoch;
        DateTimeOffset last = origin.AddSeconds(1);
        foreach (EmotionSummary summary in ordered)
        {
            last = summary.Window.End > last ? summary.Window.End : last;
        }

        foreach (AlertMessage alert in alerts)
        {
            last = alert.Alert.Time > last ? alert.Alert.Time : last;
        }

        double span = Math.Max(1, (last - origin).TotalSeconds);
        double X(DateTimeOffset t) => Left + ((t - origin).TotalSeconds / span * PlotWidth);

        var svg = new StringBuilder();
        double y = Top;
        var lanes = new StringBuilder();

        y = EmotionLane(lanes, "Emotions (fused)", ordered, s => s.Emotions, X, y, 150);
        for (int m = 0; m < s_modalities.Length; m++)
        {
            Modality modality = s_modalities[m];
            y = EmotionLane(lanes, $"{s_modalityNames[m]} emotions", ordered, s => s.ReadingOf(modality)?.Emotions, X, y, 70);
        }

        y = AffectLane(lanes, ordered, X, y, 150);
        y = StateLane(lanes, ordered, X, y);
        double bottom = y - LaneGap;

        // Paused stretches and alerts cut across every lane.
        var overlay = new StringBuilder();
        DateTimeOffset? pausedStart = null;
        foreach (EmotionSummary summary in ordered)
        {
            if (summary.Paused)
            {
                overlay.Append(F($"<rect x=\"{X(summary.Window.Start):F1}\" y=\"{Top:F1}\" width=\"{Math.Max(1, X(summary.Window.End) - X(summary.Window.Start)):F1}\" height=\"{bottom - Top:F1}\" fill=\"#000\" fill-opacity=\"0.12\"/>\n"));
                pausedStart ??= summary.Window.Start;
            }
            else if (pausedStart is { } start)
            {
                PausedLabel(overlay, X(start), Top);
                pausedStart = null;
            }
        }

        if (pausedStart is { } open)
        {
            PausedLabel(overlay, X(open), Top);
        }

        foreach (AlertMessage message in alerts)
        {
            double x = X(message.Alert.Time);
            string color = message.Alert.Severity == AlertSeverity.Critical ? "#b00020" : message.Alert.Severity == AlertSeverity.Warning ? "#e65100" : "#1565c0";
            overlay.Append(F($"<line x1=\"{x:F1}\" y1=\"{Top - 8:F1}\" x2=\"{x:F1}\" y2=\"{bottom:F1}\" stroke=\"{color}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n"));
            overlay.Append(F($"<path d=\"M{x - 6:F1},{Top - 18:F1} L{x + 6:F1},{Top - 18:F1} L{x:F1},{Top - 8:F1} Z\" fill=\"{color}\"><title>{message.Alert.Severity} {message.Alert.Kind}: {message.Alert.Reason} {message.Alert.Value:G4} (threshold {message.Alert.Threshold:G4})</title></path>\n"));
        }

        double height = bottom + 70;
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height:F0}\" viewBox=\"0 0 {Width} {height:F0}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{height:F0}\" fill=\"#ffffff\"/>\n"));
        svg.Append(F($"<text x=\"{Left}\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        svg.Append(F($"<text x=\"{Left}\" y=\"40\" fill=\"#555\">{ordered.Count} summaries, {alerts.Count} alerts, from {origin:yyyy-MM-dd HH:mm:ss} UTC; grey bands: paused; triangles: alerts</text>\n"));
        svg.Append(lanes);
        svg.Append(overlay);
        TimeAxis(svg, span, bottom, origin);
        Legend(svg);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double EmotionLane(StringBuilder svg, string label, List<EmotionSummary> summaries, Func<EmotionSummary, DistributionReading?> select, Func<DateTimeOffset, double> x, double top, double height)
    {
        LaneFrame(svg, label, top, height, "probability");
        svg.Append(F($"<text x=\"{Left - 6}\" y=\"{top + 4:F1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">1</text>\n"));
        svg.Append(F($"<text x=\"{Left - 6}\" y=\"{top + height:F1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">0</text>\n"));
        bool any = false;
        foreach (EmotionSummary summary in summaries)
        {
            DistributionReading? distribution = select(summary);
            if (distribution is null)
            {
                continue;
            }

            any = true;
            double x0 = x(summary.Window.Start);
            double width = Math.Max(1, x(summary.Window.End) - x0);
            double bottom = top + height;
            for (int i = 0; i < EmotionLabels.Count; i++)
            {
                double h = distribution[(EmotionLabel)i] * height;
                if (h > 0.05)
                {
                    bottom -= h;
                    svg.Append(F($"<rect x=\"{x0:F1}\" y=\"{bottom:F2}\" width=\"{width:F1}\" height=\"{h:F2}\" fill=\"{s_emotionColors[i]}\"/>\n"));
                }
            }
        }

        if (!any)
        {
            svg.Append(F($"<text x=\"{Left + (PlotWidth / 2):F0}\" y=\"{top + (height / 2) + 4:F0}\" text-anchor=\"middle\" fill=\"#999\">no readings</text>\n"));
        }

        return top + height + LaneGap;
    }

    private static double AffectLane(StringBuilder svg, List<EmotionSummary> summaries, Func<DateTimeOffset, double> x, double top, double height)
    {
        LaneFrame(svg, "Affect", top, height, "valence, arousal");
        double Y(float v) => top + ((1 - v) / 2 * height);
        foreach (float v in new[] { 1f, 0f, -1f })
        {
            svg.Append(F($"<line x1=\"{Left}\" y1=\"{Y(v):F1}\" x2=\"{Left + PlotWidth}\" y2=\"{Y(v):F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(F($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">{v:+0;-0;0}</text>\n"));
        }

        Polyline(svg, summaries, s => s.Affect?.Valence, x, Y, "#2e7d32", 2, null);
        Polyline(svg, summaries, s => s.Affect?.Arousal, x, Y, "#c2185b", 2, null);
        for (int m = 0; m < s_modalities.Length; m++)
        {
            Modality modality = s_modalities[m];
            Polyline(svg, summaries, s => s.ReadingOf(modality)?.Affect?.Valence, x, Y, "#2e7d32", 1, s_modalityDash[m]);
            Polyline(svg, summaries, s => s.ReadingOf(modality)?.Affect?.Arousal, x, Y, "#c2185b", 1, s_modalityDash[m]);
        }

        return top + height + LaneGap;
    }

    private static double StateLane(StringBuilder svg, List<EmotionSummary> summaries, Func<DateTimeOffset, double> x, double top)
    {
        const double Row = 16;
        double height = Row * s_stateNames.Length;
        LaneFrame(svg, "States", top, height, "likelihood");
        for (int s = 0; s < s_stateNames.Length; s++)
        {
            double rowTop = top + (s * Row);
            svg.Append(F($"<text x=\"{Left - 6}\" y=\"{rowTop + 12:F1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#333\">{s_stateNames[s]}</text>\n"));
            foreach (EmotionSummary summary in summaries)
            {
                float? value = StateValue(summary.States, s);
                if (value is { } v && v > 0.005f)
                {
                    double x0 = x(summary.Window.Start);
                    svg.Append(F($"<rect x=\"{x0:F1}\" y=\"{rowTop + 1:F1}\" width=\"{Math.Max(1, x(summary.Window.End) - x0):F1}\" height=\"{Row - 2:F1}\" fill=\"#5e35b1\" fill-opacity=\"{v:F2}\"/>\n"));
                }
            }
        }

        return top + height + LaneGap;
    }

    private static float? StateValue(AffectiveStates? states, int index) => states is null ? null : index switch
    {
        0 => states.Drowsy,
        1 => states.Distracted,
        2 => states.Fatigued,
        3 => states.EyesClosed,
        4 => states.Yawning,
        5 => states.Speaking,
        _ => states.Walking,
    };

    private static void Polyline(StringBuilder svg, List<EmotionSummary> summaries, Func<EmotionSummary, float?> select, Func<DateTimeOffset, double> x, Func<float, double> y, string color, double width, string? dash)
    {
        var points = new StringBuilder();
        void Flush()
        {
            if (points.Length > 0)
            {
                string dashing = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
                svg.Append(F($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{dashing}/>\n"));
                points.Clear();
            }
        }

        foreach (EmotionSummary summary in summaries)
        {
            if (select(summary) is { } value)
            {
                double mid = (x(summary.Window.Start) + x(summary.Window.End)) / 2;
                points.Append(F($"{mid:F1},{y(value):F1} "));
            }
            else
            {
                Flush(); // a gap in the data is a gap in the line
            }
        }

        Flush();
    }

    private static void PausedLabel(StringBuilder svg, double x, double top) =>
        svg.Append(F($"<text x=\"{x + 4:F1}\" y=\"{top + 14:F1}\" font-size=\"11\" fill=\"#333\">paused</text>\n"));

    private static void LaneFrame(StringBuilder svg, string label, double top, double height, string unit)
    {
        svg.Append(F($"<rect x=\"{Left}\" y=\"{top:F1}\" width=\"{PlotWidth}\" height=\"{height:F1}\" fill=\"#fafafa\" stroke=\"#bbb\"/>\n"));
        svg.Append(F($"<text x=\"12\" y=\"{top + 14:F1}\" font-weight=\"bold\">{Escape(label)}</text>\n"));
        svg.Append(F($"<text x=\"12\" y=\"{top + 28:F1}\" font-size=\"10\" fill=\"#777\">{Escape(unit)}</text>\n"));
    }

    private static void TimeAxis(StringBuilder svg, double span, double bottom, DateTimeOffset origin)
    {
        double step = NiceStep(span / 10);
        svg.Append(F($"<line x1=\"{Left}\" y1=\"{bottom + 4:F1}\" x2=\"{Left + PlotWidth}\" y2=\"{bottom + 4:F1}\" stroke=\"#333\"/>\n"));
        for (double t = 0; t <= span + 1e-9; t += step)
        {
            double x = Left + (t / span * PlotWidth);
            svg.Append(F($"<line x1=\"{x:F1}\" y1=\"{bottom + 4:F1}\" x2=\"{x:F1}\" y2=\"{bottom + 10:F1}\" stroke=\"#333\"/>\n"));
            svg.Append(F($"<text x=\"{x:F1}\" y=\"{bottom + 24:F1}\" text-anchor=\"middle\" font-size=\"11\">{t:0.###}</text>\n"));
        }

        svg.Append(F($"<text x=\"{Left + (PlotWidth / 2):F0}\" y=\"{bottom + 44:F1}\" text-anchor=\"middle\">seconds since {origin:HH:mm:ss} UTC</text>\n"));
    }

    private static void Legend(StringBuilder svg)
    {
        double x = Width - Right + 16;
        double y = Top;
        svg.Append(F($"<text x=\"{x}\" y=\"{y + 10:F0}\" font-weight=\"bold\">Emotion</text>\n"));
        for (int i = 0; i < EmotionLabels.Count; i++)
        {
            y += 18;
            svg.Append(F($"<rect x=\"{x}\" y=\"{y:F0}\" width=\"12\" height=\"12\" fill=\"{s_emotionColors[i]}\"/>\n"));
            svg.Append(F($"<text x=\"{x + 18}\" y=\"{y + 10:F0}\">{EmotionLabels.Names[i]}</text>\n"));
        }

        y += 34;
        svg.Append(F($"<text x=\"{x}\" y=\"{y:F0}\" font-weight=\"bold\">Affect</text>\n"));
        y += 16;
        svg.Append(F($"<line x1=\"{x}\" y1=\"{y:F0}\" x2=\"{x + 24}\" y2=\"{y:F0}\" stroke=\"#2e7d32\" stroke-width=\"2\"/><text x=\"{x + 30}\" y=\"{y + 4:F0}\">valence</text>\n"));
        y += 18;
        svg.Append(F($"<line x1=\"{x}\" y1=\"{y:F0}\" x2=\"{x + 24}\" y2=\"{y:F0}\" stroke=\"#c2185b\" stroke-width=\"2\"/><text x=\"{x + 30}\" y=\"{y + 4:F0}\">arousal</text>\n"));
        y += 8;
        svg.Append(F($"<text x=\"{x}\" y=\"{y + 14:F0}\" font-size=\"10\" fill=\"#555\">solid: fused</text>\n"));
        y += 14;
        for (int m = 0; m < s_modalities.Length; m++)
        {
            y += 16;
            svg.Append(F($"<line x1=\"{x}\" y1=\"{y:F0}\" x2=\"{x + 24}\" y2=\"{y:F0}\" stroke=\"#333\" stroke-width=\"1\" stroke-dasharray=\"{s_modalityDash[m]}\"/><text x=\"{x + 30}\" y=\"{y + 4:F0}\">{s_modalityNames[m].ToLowerInvariant()}</text>\n"));
        }
    }

    private static double NiceStep(double raw)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1e-3))));
        foreach (double factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * magnitude >= raw)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
