using Tessera.Tool.Cli;

return CliApplication.Run(args);
