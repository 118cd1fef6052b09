# State in S3 with a DynamoDB lock table, one bucket per cluster account. The bucket, key and table
# come from <cluster>.s3.tfbackend (terraform init -reconfigure -backend-config=<cluster>.s3.tfbackend);
# the bucket and table are created once per account by hand (see infra/README.md, "Apply from zero").
terraform {
  backend "s3" {}
}
