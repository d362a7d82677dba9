import type { Principal } from '../../auth/roles.js';

/** Who sent a command and under which correlation id (X-Request-Id): recorded on every event it writes. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
}
