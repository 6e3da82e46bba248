using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Host.Perceiving;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;
using EdgeMer.Runtime.Sensing;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer perceive --source S [--json] [--overlay out.png|out.mp4]</c>: runs the face pipeline on an
/// image, a folder of images, a video file or a camera and prints one line per face and frame (track,
/// box, top emotion, eye openness, head pose, quality); the overlay draws what it found for a person to
/// look at. <c>--modality body</c> reads pose, gait and posture instead (frames or a skeleton stream). A sound file (or a video with <c>--voice</c>) or a microphone goes through the voice pipeline instead: one
/// line per speech segment with its affect and prosody. A development tool: everything it writes stays on this machine.
/// </summary>
internal static class PerceiveCommand
{
    private const uint RegionColor = 0xFF00E000, LandmarkColor = 0xFFFFD000, LabelColor = 0xFFFFFFFF;

    public static Command Create()
    {
        var source = new Option<string>("--source")
        {
            Description = "An image file, a folder of images, a video file, a camera (/dev/video0), a sound file (.wav, .flac, .mp3, ...) or a microphone (alsa:hw:1,0, alsa:default, pulse:default).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per face and frame (per speech segment for sound)." };
        var voice = new Option<bool>("--voice") { Description = "Run the voice pipeline on the sound of the source (a video file); sound files get it without asking." };
        var modality = new Option<string>("--modality")
        {
            Description = "face (the default for pictures), voice (the default for sound), or body: pose, gait and posture from pictures, or a skeleton stream (.jsonl).",
        };
        modality.AcceptOnlyFromAmong("face", "voice", "body");
        var overlay = new Option<string?>("--overlay")
        {
            Description = "Draw the faces found: out.png (numbered out-000001.png per frame when there are several) or out.mp4.",
        };
        overlay.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is not null && !path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"--overlay {path}: write a .png or an .mp4 file");
            }
        });
        var frames = new Option<int>("--frames")
        {
            Description = "The most frames read from a video file or camera.",
            DefaultValueFactory = _ => 300,
        };
        frames.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                result.AddError("--frames must be 1 to 100000");
            }
        });
        var seconds = new Option<double?>("--seconds") { Description = "How long to listen to a microphone (default: until Ctrl+C)." };
        seconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && value is not (> 0 and <= 86_400))
            {
                result.AddError("--seconds must be above 0 and at most 86400");
            }
        });
        var poseModel = new Option<string>("--pose-model")
        {
            Description = "The body pose model (--modality body): movenet-lightning (one person, the default), movenet-multipose (up to six people) or blazepose-lite (one person with heels and toes).",
            DefaultValueFactory = _ => PoseModel.LightningId,
        };
        poseModel.AcceptOnlyFromAmong([.. PoseModel.Ids]);
        var gaitModel = new Option<string?>("--gait-model")
        {
            Description = "A gait-emotion model's manifest (--modality body): an ONNX model over joint sequences beside it, read instead of the body affect heuristic.",
        };
        var catalog = new Option<string>("--catalog") { Description = "Folder of model manifests (default: models/ of the repository, or beside the executable)." };
        var store = new Option<string>("--store") { Description = "Folder of built models (default: $EDGEMER_CACHE/models)." };

        var command = new Command("perceive", "Run the face pipeline on an image, a folder, a video or a camera; print what it reads per face and frame.")
        {
            source, json, voice, modality, overlay, frames, seconds, poseModel, gaitModel, catalog, store,
        };
        command.SetAction(parse => Run(
            parse.GetValue(source)!,
            parse.GetValue(json),
            parse.GetValue(voice) || parse.GetValue(modality) == "voice",
            parse.GetValue(modality) == "body",
            parse.GetValue(seconds),
            parse.GetValue(overlay),
            parse.GetValue(frames),
            parse.GetValue(catalog),
            parse.GetValue(store),
            parse.GetValue(poseModel)!,
            parse.GetValue(gaitModel),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string sourceName, bool json, bool voice, bool body, double? seconds, string? overlayPath, int maxFrames, string? catalogFolder, string? storeFolder, string poseModel, string? gaitManifest, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            ModelCatalog catalog = ModelCatalog.Load(EdgeMerPaths.Catalog(catalogFolder));
            var store = new ModelStore(storeFolder ?? EdgeMerPaths.ModelStore);
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
            if (body)
            {
                return PerceiveBody.Run(sourceName, json, overlayPath, maxFrames, environment, catalog, store, output, error, poseModel, gaitManifest);
            }

            if (gaitManifest is not null)
            {
                error.WriteLine("edgemer perceive: --gait-model reads bodies; add --modality body");
                return 1;
            }

            if (voice || PerceiveVoice.IsSoundFile(sourceName) || PerceiveVoice.IsMicrophone(sourceName) || PerceiveVoice.IsSoundByProbe(sourceName))
            {
                if (overlayPath is not null)
                {
                    error.WriteLine("edgemer perceive: --overlay draws faces; a sound source has none");
                    return 1;
                }

                return PerceiveVoice.Run(sourceName, json, seconds is { } s ? TimeSpan.FromSeconds(s) : null, environment, catalog, store, output, error);
            }

            using FaceModels models = FaceModels.Load(environment, catalog, store);
            // The capture clock starts once the models are loaded, so the first frame is near time zero.
            var clock = new CaptureClock(TimeProvider.System);
            using IFrameSource source = VideoSources.Open(sourceName, clock);
            bool stills = source is StillImageSource;
            IReadOnlyList<string>? files = (source as ImageFolderSource)?.Files;
            // Every still image is its own scene: detect and read emotions on each.
            FacePipelineOptions options = stills
                ? new FacePipelineOptions { DetectionInterval = TimeSpan.Zero, EmotionInterval = TimeSpan.Zero }
                : new FacePipelineOptions();
            using var pipeline = new FacePipeline(models, options);
            using FrameOverlay? overlay = overlayPath is null ? null : new FrameOverlay(overlayPath, source);
            using var enough = new CancellationTokenSource();
            int faces = 0, frameCount = 0;

            source.RunAsync(
                frame =>
                {
                    if (files is not null)
                    {
                        pipeline.Reset();
                    }

                    FaceFrameResult result = pipeline.Process(frame);
                    string? file = files?[(int)(frame.Sequence % files.Count)];
                    for (int i = 0; i < result.Count; i++)
                    {
                        output.WriteLine(json ? Json(result, result[i], file) : Line(result, result[i], file));
                    }

                    faces += result.Count;
                    overlay?.Draw(frame, result, Draw);

                    if (++frameCount == maxFrames)
                    {
                        enough.Cancel();
                    }
                },
                enough.Token).GetAwaiter().GetResult();
            overlay?.Finish();

            error.WriteLine($"{source.Name}: {frameCount} frames, {faces} faces read");
            return 0;
        }
        catch (Exception e) when (e is FrameSourceException or AudioSourceException or SkeletonStreamException or ArgumentException or ModelManifestException or OnnxRuntimeException or OnnxRuntimeLibraryNotFoundException
            or IOException or InvalidDataException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
            error.WriteLine($"edgemer perceive: {e.Message}");
            return 1;
        }
    }

    private static string Line(FaceFrameResult result, FaceReading face, string? file)
    {
        FaceBox box = face.Box;
        string emotion = face.Observation.Emotions is { } e ? $"{EmotionLabels.Name(e.Dominant),-8} {e[e.Dominant]:0.00}" : "(none)       ";
        HeadPose pose = face.Pose;
        return string.Create(CultureInfo.InvariantCulture,
            $"{file ?? $"frame {result.Sequence}"} t={result.CaptureTime.TotalSeconds:0.000}s track {face.TrackId} box {box.Left:0},{box.Top:0} {box.Width:0}x{box.Height:0}  {emotion}  eyes {face.State.EyeOpenness:0.00}{(face.State.EyesClosed ? " closed" : string.Empty)}  yaw {pose.YawDegrees:0} pitch {pose.PitchDegrees:0} roll {pose.RollDegrees:0}  quality {face.Quality:0.00}");
    }

    private static string Json(FaceFrameResult result, FaceReading face, string? file)
    {
        Observation observation = face.Observation;
        Dictionary<string, float>? emotions = null;
        if (observation.Emotions is { } distribution)
        {
            emotions = new Dictionary<string, float>(EmotionLabels.Count, StringComparer.Ordinal);
            for (int k = 0; k < EmotionLabels.Count; k++)
            {
                emotions[EmotionLabels.Names[k]] = MathF.Round(distribution.AsSpan()[k], 4);
            }
        }

        FaceStateReading state = face.State;
        var record = new PerceivedFace(
            result.Sequence,
            Math.Round(result.CaptureTime.TotalSeconds, 4),
            file,
            face.TrackId,
            [face.Box.Left, face.Box.Top, face.Box.Width, face.Box.Height],
            [face.Region.Left, face.Region.Top, face.Region.Width, face.Region.Height],
            observation.Emotions is { } top ? EmotionLabels.Name(top.Dominant) : null,
            observation.Emotions is { } p ? p[p.Dominant] : null,
            emotions,
            observation.Affect?.Valence,
            observation.Affect?.Arousal,
            state.EyeOpenness,
            state.EyesClosed,
            state.Blinks,
            state.Perclos,
            state.MouthOpening,
            state.Yawning,
            face.Pose.YawDegrees,
            face.Pose.PitchDegrees,
            face.Pose.RollDegrees,
            state.EyesOffRoad,
            face.Quality);
        return JsonSerializer.Serialize(record, PerceiveJsonContext.Default.PerceivedFace);
    }

    private static void Draw(OverlayCanvas canvas, FaceFrameResult result)
    {
        float[] points = new float[2 * FaceMeshIndices.Count];
        for (int i = 0; i < result.Count; i++)
        {
            FaceReading face = result[i];
            canvas.DrawBox(face.Region.Left, face.Region.Top, face.Region.Width, face.Region.Height, RegionColor);
            ReadOnlySpan<float> landmarks = face.Landmarks;
            for (int k = 0; k < FaceMeshIndices.Count; k++)
            {
                points[2 * k] = landmarks[3 * k];
                points[(2 * k) + 1] = landmarks[(3 * k) + 1];
            }

            canvas.DrawPoints(points, LandmarkColor, radius: Math.Max(0.6f, face.Box.Width / 150));
            string emotion = face.Observation.Emotions is { } e ? $"{EmotionLabels.Name(e.Dominant)} {e[e.Dominant]:0.00}" : "no emotion yet";
            canvas.DrawLabel(face.Region.Left, face.Region.Top - 18, string.Create(CultureInfo.InvariantCulture, $"#{face.TrackId} {emotion} q{face.Quality:0.00}"), LabelColor);
        }
    }
}
