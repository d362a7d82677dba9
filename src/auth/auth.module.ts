import { Global, Module } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { RateLimits } from './rate-limits.js';
import { TOKEN_VERIFIER, TokenVerifier } from './token-verifier.js';

@Global()
@Module({
  providers: [
    {
      provide: TOKEN_VERIFIER,
      useFactory: (config: LedgerConfig) => TokenVerifier.fromConfig(config),
      inject: [CONFIG],
    },
    { provide: RateLimits, useFactory: (config: LedgerConfig) => new RateLimits(config), inject: [CONFIG] },
  ],
  exports: [TOKEN_VERIFIER, RateLimits],
})
export class AuthModule {}
