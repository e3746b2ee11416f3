import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageNumber, PageSize } from './query-params';

class Listing {
  @PageNumber(50)
  page?: number;

  @PageSize(10, 5)
  pageSize?: number;
}

const check = (query: Record<string, string>) => {
  const listing = plainToInstance(Listing, query);
  return { listing, failed: validateSync(listing).map((error) => error.property) };
};

describe('paging query parameters', () => {
  it('reads whole numbers from the query string, and nothing when absent', () => {
    expect(check({ page: '3', pageSize: '10' })).toEqual({ listing: { page: 3, pageSize: 10 }, failed: [] });
    expect(check({}).failed).toEqual([]);
  });

  it('refuses what is not a whole number within its bounds', () => {
    expect(check({ page: '0', pageSize: '11' }).failed).toEqual(['page', 'pageSize']);
    expect(check({ page: '51', pageSize: '2.5' }).failed).toEqual(['page', 'pageSize']);
    expect(check({ page: 'two' }).failed).toEqual(['page']);
  });
});
