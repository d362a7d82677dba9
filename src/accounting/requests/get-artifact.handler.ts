import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { requestStream } from '../../events/accounting-request.events.js';
import { GetRequestArtifactQuery, type ProvidedArtifact } from './get-artifact.query.js';
import { requestOf } from './request-state.js';
import { unknownRequest } from './get-request.handler.js';

/** From the request's own stream: the AccountingProvided event holds the artifact exactly as it was provided. */
@QueryHandler(GetRequestArtifactQuery)
export class GetRequestArtifactHandler implements IQueryHandler<GetRequestArtifactQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ requestId }: GetRequestArtifactQuery): Promise<ProvidedArtifact> {
    const state = requestOf(await this.store.readStream(requestStream(requestId)));
    if (!state.requested) throw unknownRequest(requestId);
    const p = state.provided;
    return {
      memberId: state.requested.memberId,
      requester: state.requested.requester,
      provided: p && {
        format: p.format,
        artifact: Buffer.from(p.artifact, p.artifactEncoding ?? 'utf8'),
        artifactSha256: p.artifactSha256,
        providedAt: p.providedAt,
      },
    };
  }
}
