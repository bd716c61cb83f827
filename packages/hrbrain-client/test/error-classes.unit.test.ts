import { describeErrorClassMatrix, loadCopies } from '../../../scripts/error-class-matrix';
import * as source from '../src/index';

const api = () => [
  'An example message.',
  { status: 500, body: undefined, headers: new Headers(), endpoint: 'GET /members/v1/members' },
];

describeErrorClassMatrix('@mikiwame/hrbrain-client', {
  load: () => loadCopies(new URL('..', import.meta.url).pathname, source),
  expectedClasses: [
    'AbortError',
    'AuthenticationError',
    'ConnectionError',
    'HrbrainApiError',
    'HrbrainConfigError',
    'HrbrainError',
    'HrbrainInternalError',
    'HrbrainPagingError',
    'HrbrainRedirectError',
    'HrbrainResponseValidationError',
    'NotFoundError',
    'PermissionDeniedError',
    'RateLimitError',
    'ServerError',
    'TimeoutError',
  ],
  samples: {
    HrbrainError: () => ['An example message.', { code: 'API_ERROR' }],
    HrbrainApiError: api,
    AuthenticationError: api,
    PermissionDeniedError: api,
    NotFoundError: api,
    RateLimitError: api,
    ServerError: api,
    TimeoutError: () => ['An example message.', { timeoutMs: 10 }],
    HrbrainConfigError: () => ['An example message.', { option: 'clientId' }],
    HrbrainRedirectError: () => [
      'An example message.',
      { endpoint: 'GET /x', status: 302, location: 'https://elsewhere.example' },
    ],
    HrbrainPagingError: () => [
      'An example message.',
      { reason: 'empty-page', offset: 0, totalCount: 1, received: 0 },
    ],
    HrbrainResponseValidationError: () => [
      'An example message.',
      { endpoint: 'GET /x', path: [], reason: 'schema' },
    ],
  },
});
