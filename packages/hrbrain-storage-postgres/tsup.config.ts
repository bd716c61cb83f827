import { definePackageConfig } from '../../tsup.config.base';

// The migrations are bundled as text so `migrate()` works from dist in ESM and CJS alike.
export default definePackageConfig({ loader: { '.sql': 'text' } });
