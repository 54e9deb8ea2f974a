using System.CommandLine;
using VisemQc.Cli;

// The visemqc command line. 'demo' is the README's first command: it runs the library's main job on
// the sample dataset built into the package, with no network and no files to find.
var verbose = new Option<bool>("--verbose") { Description = "Show the full exception on errors." };

var demo = new Command("demo", "Open the built-in sample dataset, print its records and consistency report, read every video through its seekable stream, probe each with ffprobe and write a contact sheet of each.\n\nExample:\n  visemqc demo");
demo.SetAction((parse, cancellationToken) => Commands.RunAsync(parse.GetValue(verbose), Console.Out, Console.Error, out_ => Commands.DemoAsync(out_, cancellationToken)));

var pathArgument = new Argument<string>("dataset") { Description = "The VISEM-QC zip (visem-qc.zip) or the folder it was extracted to." };
var lenient = new Option<bool>("--lenient") { Description = "Report every problem in the annotation CSV instead of stopping at the first." };
var info = new Command("info", "Print a dataset's records (with a+b), annotation problems and consistency report.\n\nExample:\n  visemqc info ~/data/visem-qc.zip --lenient") { pathArgument, lenient };
info.SetAction((parse, cancellationToken) => Commands.RunAsync(parse.GetValue(verbose), Console.Out, Console.Error, out_ => Commands.InfoAsync(out_, parse.GetRequiredValue(pathArgument), parse.GetValue(lenient), cancellationToken)));

var output = new Option<string>("--output", "-o") { Description = "The zip file to write, or the folder with --folder.", Required = true };
var builtin = new Option<bool>("--builtin") { Description = "Write exactly the sample built into the package (ignores the other options)." };
var count = new Option<int>("--count") { Description = "The number of videos.", DefaultValueFactory = _ => 5 };
var seed = new Option<int>("--seed") { Description = "The seed of labels, motion and noise.", DefaultValueFactory = _ => 0 };
var seconds = new Option<double>("--seconds") { Description = "Each video's length in seconds.", DefaultValueFactory = _ => 2 };
var container = new Option<string>("--container") { Description = "mkv, avi or mp4.", DefaultValueFactory = _ => "mkv" };
container.AcceptOnlyFromAmong("mkv", "avi", "mp4");
var folder = new Option<bool>("--folder") { Description = "Write an extracted folder instead of a zip." };
var deflate = new Option<bool>("--deflate") { Description = "Deflate the videos in the zip instead of storing them." };
var sample = new Command("sample", "Write a synthetic VISEM-QC dataset whose videos move as their labels say, or the built-in sample.\n\nExamples:\n  visemqc sample -o my-sample.zip --count 10 --seed 7\n  visemqc sample --builtin -o src/VisemQc/Sample/visem-qc-sample.zip")
{
    output, builtin, count, seed, seconds, container, folder, deflate,
};
sample.SetAction((parse, cancellationToken) => Commands.RunAsync(parse.GetValue(verbose), Console.Out, Console.Error, out_ => Commands.SampleAsync(
    out_,
    parse.GetRequiredValue(output),
    parse.GetValue(builtin),
    new VisemQc.Testing.SyntheticDatasetOptions
    {
        VideoCount = parse.GetValue(count),
        Seed = parse.GetValue(seed),
        Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
        Containers = [Enum.Parse<VisemQc.Testing.SyntheticContainer>(parse.GetValue(container)!, ignoreCase: true)],
        Storage = [parse.GetValue(deflate) ? VisemQc.Testing.SyntheticStorage.Deflated : VisemQc.Testing.SyntheticStorage.Stored],
    },
    parse.GetValue(folder),
    cancellationToken)));

var root = new RootCommand("VisemQc: the VISEM-QC sperm-motility video dataset from the terminal.") { demo, info, sample };
root.Options.Add(verbose);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
