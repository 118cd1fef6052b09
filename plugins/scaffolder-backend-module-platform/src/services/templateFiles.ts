import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

export interface TemplateFile {
  path: string;
  base64Content: string;
}

/**
 * Every file of a template's directory (skeleton included), in the form the scaffolder's dry-run
 * endpoint takes, so the form can preview what the template generates from the values entered.
 */
export async function readTemplateFiles(
  template: Entity,
  reader: UrlReaderService,
): Promise<TemplateFile[]> {
  const location = template.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) {
    throw new InputError(
      `${template.metadata.name} has no ${ANNOTATION_LOCATION} annotation`,
    );
  }
  const { type, target } = parseLocationRef(location);
  if (type === 'file') {
    const dir = path.dirname(
      target.startsWith('file:') ? fileURLToPath(target) : target,
    );
    return readDirectory(dir);
  }
  const tree = await reader.readTree(new URL('.', target).toString());
  const files = await tree.files();
  return Promise.all(
    files.map(async f => ({
      path: f.path,
      base64Content: (await f.content()).toString('base64'),
    })),
  );
}

async function readDirectory(root: string): Promise<TemplateFile[]> {
  const entries = await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  });
  const files = entries.filter(e => e.isFile());
  return Promise.all(
    files.map(async e => {
      const full = path.join(e.parentPath, e.name);
      return {
        path: path.relative(root, full).split(path.sep).join('/'),
        base64Content: (await fs.readFile(full)).toString('base64'),
      };
    }),
  );
}
