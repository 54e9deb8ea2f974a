using System.CommandLine;
using VisemQc.Cli;

// The visemqc command line. 'demo' is the README's first command: it runs the library's main job on
// the sample dataset built into the package, with no network and no files to find.
var verbose = new Option<bool>("--verbose") { Description = "Show the full exception on errors." };

var demo = new Command("demo", "Open the built-in sample dataset, print its records and consistency report, and read every video through its seekable stream.\n\nExample:\n  visemqc demo");
demo.SetAction((parse, cancellationToken) => Commands.RunAsync(parse.GetValue(verbose), Console.Out, Console.Error, out_ => Commands.DemoAsync(out_, cancellationToken)));

var pathArgument = new Argument<string>("dataset") { Description = "The VISEM-QC zip (visem-qc.zip) or the folder it was extracted to." };
var lenient = new Option<bool>("--lenient") { Description = "Report every problem in the annotation CSV instead of stopping at the first." };
var info = new Command("info", "Print a dataset's records (with a+b), annotation problems and consistency report.\n\nExample:\n  visemqc info ~/data/visem-qc.zip --lenient") { pathArgument, lenient };
info.SetAction((parse, cancellationToken) => Commands.RunAsync(parse.GetValue(verbose), Console.Out, Console.Error, out_ => Commands.InfoAsync(out_, parse.GetRequiredValue(pathArgument), parse.GetValue(lenient), cancellationToken)));

var root = new RootCommand("VisemQc: the VISEM-QC sperm-motility video dataset from the terminal.") { demo, info };
root.Options.Add(verbose);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
