// Wire types: the subset of proto::frames, proto::conversations and
// proto::widgets the widget uses. See docs/protocol.md.

export type Sender = 'visitor' | 'agent' | 'ai' | 'system';
export type Phase = 'ai' | 'queued' | 'assigned';
export type ConvStatus = 'open' | 'closed';

/** A persisted message (`ServerFrame::Message`, `proto::conversations::Message`). */
export interface Msg {
  seq: number;
  client_id: string;
  sender: Sender;
  author_name?: string;
  body: string;
  created_at: number;
}

/** A visitor message not yet acknowledged (or refused for good). */
export interface Pending {
  client_id: string;
  body: string;
  /** A message left for the next agent (`leave_message`) with this email. */
  e?: string;
  /** Acknowledged; shown until its message arrives. */
  acked?: 1;
  /** Refused for good (bad request); the visitor may retry. */
  failed?: 1;
}

/** `proto::conversations::QueuePlace`. */
export interface QueuePlace {
  position: number;
  estimated_wait_secs: number;
  agents_online: number;
}

export interface PrechatField {
  name: string;
  label: string;
  kind?: 'text' | 'email' | 'textarea';
  required?: boolean;
}

/** `GET /api/v1/public/widgets/{site_key}`. */
export interface PublicWidget {
  site_key: string;
  title: string;
  welcome_message: string;
  colors: { primary: string; on_primary: string };
  launcher_position: 'bottom-right' | 'bottom-left';
  prechat_fields: PrechatField[];
  ai_enabled?: boolean;
  offline_message?: string;
  /** Visitors must be identified by the website (`Chatd.identify` with a `user_hash`). */
  require_verified_identity?: boolean;
}

/** Frames the server sends (`proto::frames::ServerFrame`). */
export type ServerFrame =
  | { type: 'welcome'; epoch: string; conversation_id?: string; heartbeat_secs: number }
  | ({ type: 'message' } & Msg)
  | { type: 'synced'; last_seq: number }
  | { type: 'ack'; client_id: string; seq: number; duplicate: boolean }
  | { type: 'typing'; sender: Sender; on: boolean }
  | { type: 'read'; visitor_read_seq: number; agent_read_seq: number }
  | { type: 'presence'; agents_online: number }
  | { type: 'state'; status: ConvStatus; phase: Phase; agent_name?: string }
  | ({ type: 'queue' } & QueuePlace)
  | { type: 'ai_delta'; text: string }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; client_id?: string };

/** Connection state shown in the header. */
export type Status = 'idle' | 'connecting' | 'online' | 'offline' | 'blocked';
