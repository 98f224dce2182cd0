-- Which bearer credential created a conversation: the API key's id, or the app installation's for an embed token;
-- NULL for a signed-in session. A bearer credential sees only its own conversations (a session's hold CRM tool
-- results an assistant-only key must not read); the member's sessions see all of them. Conversations from before
-- this column are the sessions'.
ALTER TABLE chat_conversations ADD COLUMN IF NOT EXISTS credential_id uuid;
