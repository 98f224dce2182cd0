-- Agent missions: durable case files (expedientes) that a MissionGrain works through in the
-- background, step by step, with read-only CRM tools. Rows are the source of truth, so a mission
-- interrupted by a restart resumes from here.

CREATE TABLE IF NOT EXISTS agent_missions (
    id                 uuid        PRIMARY KEY,
    workspace_id       uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- The app installation usage is attributed to, if any.
    installation_id    uuid        REFERENCES app_installations(id) ON DELETE SET NULL,
    -- Who created it (a member, or an API key acting for its member): the tools act for them, read-only.
    created_by_type    text        NOT NULL,
    created_by_id      uuid        NOT NULL,
    member_id          uuid        REFERENCES workspace_members(id) ON DELETE SET NULL,
    title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    objective          text        NOT NULL CHECK (length(objective) BETWEEN 1 AND 4000),
    record_ids         uuid[]      NOT NULL DEFAULT '{}',
    status             text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    report             text,
    error              text,
    prompt_tokens      bigint      NOT NULL DEFAULT 0,
    completion_tokens  bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    started_at         timestamptz,
    finished_at        timestamptz
);
CREATE INDEX IF NOT EXISTS agent_missions_workspace_idx ON agent_missions (workspace_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS agent_missions_installation_idx ON agent_missions (installation_id, created_at DESC) WHERE installation_id IS NOT NULL;

-- The plan: one row per step, with its outcome and the tool calls it made.
CREATE TABLE IF NOT EXISTS agent_mission_steps (
    mission_id   uuid        NOT NULL REFERENCES agent_missions(id) ON DELETE CASCADE,
    position     integer     NOT NULL CHECK (position >= 1),
    title        text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    result       text,
    -- [{name, arguments, succeeded}] in call order.
    tool_calls   jsonb       NOT NULL DEFAULT '[]',
    -- Runs begun: more than one means the step was interrupted (a restart) and run again.
    attempts     integer     NOT NULL DEFAULT 0,
    started_at   timestamptz,
    finished_at  timestamptz,
    PRIMARY KEY (mission_id, position)
);

-- The step log: what happened, in order (planned, started, tool calls, resumed, completed...).
CREATE TABLE IF NOT EXISTS agent_mission_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id  uuid        NOT NULL REFERENCES agent_missions(id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    step        integer,
    message     text        NOT NULL
);
CREATE INDEX IF NOT EXISTS agent_mission_log_mission_idx ON agent_mission_log (mission_id, id);

-- Usage of a mission points at it from now on.
CREATE INDEX IF NOT EXISTS app_usage_mission_idx ON app_usage (mission_id) WHERE mission_id IS NOT NULL;
