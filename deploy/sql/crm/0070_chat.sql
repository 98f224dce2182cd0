-- AI chat: conversations (one member's each), their messages, and per-round model usage.
-- The hot copy of a conversation lives in its ConversationGrain; these tables are the source of
-- truth it loads from and writes through. Pending tool confirmations are grain storage (OrleansStorage).

CREATE TABLE IF NOT EXISTS chat_conversations (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- The owner: only this member (or their API keys) sees the conversation. Removing the member removes it.
    member_id     uuid        NOT NULL REFERENCES workspace_members(id) ON DELETE CASCADE,
    title         text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_conversations_owner_idx ON chat_conversations (workspace_id, member_id, updated_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS chat_messages (
    id               uuid        PRIMARY KEY,
    conversation_id  uuid        NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    workspace_id     uuid        NOT NULL,
    -- Order within the conversation; the grain is the single writer, so it hands these out.
    seq              integer     NOT NULL,
    role             text        NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    content          text        NOT NULL DEFAULT '',
    -- user: the rendered juxaContext sent with the message (records and free text), if any.
    context          text,
    -- assistant: the tool calls the model made, [{"id","name","arguments"}].
    tool_calls       jsonb,
    -- tool: the call this result answers, and the tool's name.
    tool_call_id     text,
    tool_name        text,
    -- assistant: complete | interrupted | failed. tool: ran | failed | denied | expired | cancelled. user: complete.
    status           text        NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (conversation_id, seq)
);

-- One row per model round (one upstream request). Kept when a conversation is deleted: it is the
-- workspace's record of what the assistant cost, not conversation content.
CREATE TABLE IF NOT EXISTS chat_usage (
    conversation_id    uuid          NOT NULL,
    workspace_id       uuid          NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    member_id          uuid          NOT NULL,
    round              integer       NOT NULL,
    prompt_tokens      integer       NOT NULL,
    completion_tokens  integer       NOT NULL,
    credits            numeric(20,8) NOT NULL,
    extras             jsonb         NOT NULL DEFAULT '{}',
    at                 timestamptz   NOT NULL,
    PRIMARY KEY (conversation_id, round)
);
CREATE INDEX IF NOT EXISTS chat_usage_workspace_idx ON chat_usage (workspace_id, at);
