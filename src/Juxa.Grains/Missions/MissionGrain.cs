using Juxa.Apps;
using Juxa.Chat.Tools;
using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Llm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juxa.Missions;

/// <summary>
/// Runs one mission as a durable case file. The rows (mission, steps, log) are the source of truth and
/// are written after every step, before the next begins; the work itself runs in an interleaving grain
/// timer, so reads and a cancel are answered while a model call is in flight. A reminder ticks while the
/// mission is unfinished: after a restart (or a silo's death) the tick reactivates the grain somewhere,
/// and it resumes at the first step not completed. An interrupted step is run again (its tools only read,
/// so that is safe), at most <see cref="MissionOptions.MaxAttemptsPerStep"/> times.
/// </summary>
public sealed class MissionGrain(
    MissionRepository missions, MissionAgent agent, AppUsageRepository usage, IOptions<MissionOptions> options, IHostApplicationLifetime lifetime,
    ILogger<MissionGrain> logger)
    : Grain, IMissionGrain, IRemindable
{
    private const string ReminderName = "mission";

    private MissionView? _view;

    /// <summary>Lets the activation go a little after it found no mission (a guessed id).</summary>
    private readonly UnknownIdDeactivation _unknown = new();

    private IGrainTimer? _runner;
    private CancellationTokenSource? _stop;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _view = await missions.GetAsync(Id, cancellationToken);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The run stops where it is; the rows say where that was, and the reminder resumes it elsewhere.
        _stop?.Cancel();
        return Task.CompletedTask;
    }

    public async Task<MissionView> StartAsync(NewMission mission)
    {
        if (_view is not null)
        {
            throw JuxaException.Conflict("A mission with this id already exists.");
        }

        // The reminder first: if this silo dies right after the insert, the tick still finds the mission.
        var period = options.Value.ReminderPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        await missions.InsertAsync(Id, mission);
        await missions.LogAsync(Id, "queued", null, "Mission queued.");
        await ReloadAsync();
        Run();
        return _view!;
    }

    public async Task<MissionView> GetAsync(Guid workspaceId)
    {
        var view = Require(workspaceId);
        if (MissionStatus.IsFinished(view.Status))
        {
            return view;
        }

        // In flight, the runner writes between its reloads (a step begun, a tool call): read what is stored.
        await ReloadAsync();
        return _view!;
    }

    public async Task<MissionView> CancelAsync(Guid workspaceId)
    {
        var view = Require(workspaceId);
        if (MissionStatus.IsFinished(view.Status) || !await missions.FinishAsync(Id, MissionStatus.Cancelled, report: null, error: null))
        {
            throw JuxaException.Conflict($"The mission has already finished ({view.Status}).");
        }

        _stop?.Cancel();
        await missions.LogAsync(Id, MissionStatus.Cancelled, null, "Mission cancelled.");
        await StopReminderAsync();
        await ReloadAsync();
        return _view!;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_view is null || MissionStatus.IsFinished(_view.Status))
        {
            await StopReminderAsync();
            return;
        }

        Run();
    }

    private MissionView Require(Guid workspaceId)
    {
        if (_view is null)
        {
            // No such mission: a GET of a guessed id must not leave an activation behind for the default collection age.
            _unknown.Schedule(this, () => _view is not null, DeactivateOnIdle);
        }

        return _view is { } view && view.WorkspaceId == workspaceId ? view : throw JuxaException.NotFound("Mission");
    }

    /// <summary>Starts the background run unless one is going.</summary>
    private void Run()
    {
        if (_runner is not null)
        {
            return;
        }

        _stop = new CancellationTokenSource();
        _runner = this.RegisterGrainTimer(static (grain, timerToken) => grain.RunAsync(timerToken), this,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = true });
    }

    private async Task RunAsync(CancellationToken timerToken)
    {
        // Shutdown waits for a running timer callback; the host's stopping token ends a model call at once instead,
        // leaving the mission as it stands for the reminder to resume on another silo (or after the restart).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timerToken, _stop!.Token, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        try
        {
            await WorkAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the user (already recorded), or by deactivation or shutdown (the reminder resumes it).
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Mission {MissionId} failed", Id);
            await FailAsync(FailureReason(e));
        }
        finally
        {
            _runner?.Dispose();
            _runner = null;
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var view = _view!;
        if (await missions.MarkRunningAsync(Id, cancellationToken))
        {
            await missions.LogAsync(Id, "started", null, "Mission started.", cancellationToken);
        }
        else if (view.Status == MissionStatus.Running)
        {
            await missions.LogAsync(Id, "resumed", null, "Resumed after an interruption (a restart, or the mission moved to another silo).", cancellationToken);
        }

        await ReloadAsync();
        var brief = new MissionBrief(view.Title, view.Objective, view.RecordIds,
            new CrmToolScope(view.WorkspaceId, view.CreatedBy, view.MemberId, CanWrite: false));
        MissionAgent.UsageSink recordUsage = async (prompt, completion) =>
        {
            await usage.RecordAsync(view.WorkspaceId, view.WorkspaceAppInstallationId, AppUsageKinds.AgentMission, Id, prompt, completion, CancellationToken.None);
            await missions.AddUsageAsync(Id, prompt, completion, CancellationToken.None);
        };

        if (_view!.Steps.Count == 0)
        {
            var plan = await agent.PlanAsync(brief, recordUsage, cancellationToken);
            await missions.SavePlanAsync(Id, plan, cancellationToken);
            await missions.LogAsync(Id, "planned", null, $"Planned {plan.Count} step(s).", cancellationToken);
            await ReloadAsync();
        }

        foreach (var step in _view!.Steps.Where(s => s.Status != MissionStatus.Completed).ToArray())
        {
            if (step.Attempts >= options.Value.MaxAttemptsPerStep)
            {
                await FailAsync($"Step {step.Position} was begun {step.Attempts} times without finishing; giving up.");
                return;
            }

            await missions.StartStepAsync(Id, step.Position, cancellationToken);
            await missions.LogAsync(Id, "step_started", step.Position, $"Step {step.Position} started: {step.Title}", cancellationToken);
            var done = _view.Steps.Where(s => s.Status == MissionStatus.Completed).ToArray();
            var outcome = await agent.RunStepAsync(brief, step, done, recordUsage,
                call => missions.LogAsync(Id, "tool_call", step.Position, $"{call.Name}({call.Arguments}) {(call.Succeeded ? "succeeded" : "failed")}", CancellationToken.None),
                cancellationToken);
            await missions.CompleteStepAsync(Id, step.Position, outcome.Result, outcome.ToolCalls, cancellationToken);
            await missions.LogAsync(Id, "step_completed", step.Position, $"Step {step.Position} completed.", cancellationToken);
            await ReloadAsync();
        }

        var report = await agent.ReportAsync(brief, _view.Steps, recordUsage, cancellationToken);
        if (await missions.FinishAsync(Id, MissionStatus.Completed, report, error: null, cancellationToken))
        {
            await missions.LogAsync(Id, MissionStatus.Completed, null, "Mission completed; the report is ready.", cancellationToken);
        }

        await StopReminderAsync();
        await ReloadAsync();
    }

    /// <summary>Ends the mission as failed with <paramref name="reason"/> (unless it finished meanwhile, say by a cancel).</summary>
    private async Task FailAsync(string reason)
    {
        if (await missions.FinishAsync(Id, MissionStatus.Failed, report: null, error: reason))
        {
            await missions.LogAsync(Id, MissionStatus.Failed, null, reason);
        }

        await StopReminderAsync();
        await ReloadAsync();
    }

    /// <summary>
    /// The error every reader of the case file sees. An exception's own text is for the log: a provider's error body can
    /// name its account or a masked key, and a parser's or the database's message describes our internals.
    /// </summary>
    private static string FailureReason(Exception e) => e switch
    {
        JuxaException juxa => juxa.Message,
        _ when LlmProvider.IsProviderFailure(e) => LlmProvider.FailedMessage,
        _ => "The mission stopped on an internal error.",
    };

    private async Task ReloadAsync() => _view = await missions.GetAsync(Id);

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
