# State in S3 with a DynamoDB lock table, one key per cluster. The bucket and table are
# created once per account by hand (see infra/README.md, "Apply from zero").
terraform {
  backend "s3" {
    bucket         = "pier-platform-terraform-state-prod"
    key            = "clusters/prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "pier-platform-terraform-locks"
    encrypt        = true
  }
}
