import type { RouteOptions } from 'fastify';
import type { LegacyShape } from './legacy-bodies';

/**
 * The legacy body shape of each route pattern, for answers written before Fastify matched a route
 * (a URL the router cannot decode, an over-long path parameter): those still get their endpoint's
 * shape. A pattern segment `:name` matches any one segment.
 */
export class RouteShapes {
  private readonly patterns: Array<{ segments: readonly string[]; shape: LegacyShape }> = [];

  add(url: string, shape: LegacyShape): void {
    this.patterns.push({ segments: url.split('/'), shape });
  }

  /** `onRoute` hook: records each route's pattern with its `config.legacyShape`. */
  readonly record = (route: RouteOptions): void => {
    if (typeof route.url === 'string') this.add(route.url, route.config?.legacyShape ?? 'generic');
  };

  /** The shape of the route whose pattern `path` fits, or `generic`. */
  shapeOf(path: string): LegacyShape {
    const segments = (path.split('?')[0] ?? '').split('/');
    const match = this.patterns.find(
      (pattern) =>
        pattern.segments.length === segments.length &&
        pattern.segments.every((part, i) => part.startsWith(':') || part === segments[i]),
    );
    return match?.shape ?? 'generic';
  }
}
