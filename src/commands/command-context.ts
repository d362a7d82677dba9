import type { Principal } from '../auth/roles.js';
import type { NewEvent } from '../event-store/event-store.port.js';

/** Who sent a command and under which correlation id (X-Request-Id): recorded on every event it writes. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
}

/** The stored envelope of a decided event: who wrote it and under which correlation id. */
export function envelope(event: { eventId: string; type: string; data: unknown }, context: CommandContext): NewEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    correlationId: context.correlationId,
    recordedBy: { subject: context.principal.subject, clientId: context.principal.clientId },
  };
}
